// The web sandbox (docs/sandbox.md): play any Telegram user against the sandbox's bots.
// Live updates come over Server-Sent Events; nothing here polls.
"use strict";
const $ = (id) => document.getElementById(id);
const state = { bots: [], bot: null, chat: null, stream: null };
const me = JSON.parse(localStorage.getItem("fleet-sandbox-user") || "null") || { id: 2000, name: "Alice", language: "en" };

async function api(path, body) {
  const init = body instanceof FormData ? { method: "POST", body } :
    body ? { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } : {};
  const resp = await fetch("/sandbox/api/" + path, init);
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) { toast(data.error || data.detail || "error " + resp.status); throw new Error(resp.status); }
  return data;
}

function toast(text) {
  const el = $("toast");
  el.textContent = text; el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 2500);
}

function showAlert(text) { $("alert-text").textContent = text; $("alert").hidden = false; }

function actor() {
  return { bot: state.bot.id, chat: state.chat, user: me.id, name: me.name, language: me.language };
}

async function loadBots() {
  state.bots = await api("bots");
  const list = $("chats");
  list.replaceChildren();
  for (const bot of state.bots) {
    const chats = [{ id: me.id, title: bot.name, note: bot.is_master ? "master bot" : "@" + bot.username }];
    if (bot.admin_chat) chats.push({ id: bot.admin_chat, title: bot.admin_chat_title || "Admin chat", note: "admin chat of " + bot.name });
    for (const chat of chats) {
      const li = document.createElement("li");
      li.dataset.bot = bot.id; li.dataset.chat = chat.id;
      li.innerHTML = "<span></span><small></small>";
      li.firstChild.textContent = chat.title; li.lastChild.textContent = chat.note;
      li.onclick = () => openChat(bot, chat);
      list.append(li);
    }
  }
}

function openChat(bot, chat) {
  state.bot = bot; state.chat = chat.id;
  for (const li of $("chats").children) li.classList.toggle("active", li.dataset.bot == bot.id && li.dataset.chat == chat.id);
  $("title").textContent = chat.title + " — you are " + me.name + " (" + me.id + ")";
  $("messages").replaceChildren();
  $("compose").hidden = false;
  if (state.stream) state.stream.close();
  state.stream = new EventSource(`/sandbox/api/stream?bot=${bot.id}&chat=${chat.id}`);
  state.stream.addEventListener("chat", (ev) => render(JSON.parse(ev.data).messages));
}

function render(messages) {
  const list = $("messages");
  const seen = new Set();
  for (const m of messages) {
    const key = "msg-" + m.id;
    seen.add(key);
    const json = JSON.stringify(m);
    let li = document.getElementById(key);
    if (li && li.dataset.json === json) continue;
    const fresh = draw(m);
    fresh.id = key; fresh.dataset.json = json;
    if (li) li.replaceWith(fresh); else list.append(fresh);
  }
  for (const li of [...list.querySelectorAll(".msg")]) if (!seen.has(li.id)) li.remove();
  if (messages.length && $("start")) $("start").remove();
  if (!messages.length && state.chat === me.id && !$("start")) {
    // a chat never opened shows Telegram's Start button
    const start = el("button", "", "Start");
    start.id = "start"; start.type = "button";
    start.onclick = () => { start.remove(); api("send", { ...actor(), text: "/start" }); };
    list.append(start);
  }
  list.scrollTop = list.scrollHeight;
}

function draw(m) {
  const li = document.createElement("li");
  li.className = "msg" + (m.mine ? " mine" : "");
  if (state.chat < 0) li.append(el("div", "sender", m.mine ? m.sender : state.bot.name));
  if (m.photo) { const img = document.createElement("img"); img.src = "/sandbox/api/file/" + encodeURIComponent(m.photo); img.alt = "photo"; li.append(img); }
  if (m.invoice) {
    const box = el("div", "invoice", "");
    box.append(el("strong", "", m.invoice.title), el("div", "", m.invoice.description),
      el("div", "amount", m.invoice.total_amount + " " + (m.invoice.currency === "XTR" ? "⭐" : m.invoice.currency)));
    li.append(box);
  }
  if (m.text) li.append(el("div", "text", m.text));
  if (m.edited) li.append(el("span", "edited", "edited"));
  for (const row of m.buttons) {
    const kb = el("div", "kb", "");
    for (const b of row) {
      const button = el("button", "", b.text);
      button.type = "button";
      if (b.pay) button.onclick = () => pay(m.id);
      else if (b.callback_data !== undefined) button.onclick = () => press(m.id, b.callback_data);
      else if (b.url) button.onclick = () => toast("opens " + b.url);
      kb.append(button);
    }
    li.append(kb);
  }
  if (m.invoice && !m.buttons.length) {
    const button = el("button", "", "Pay " + m.invoice.total_amount + (m.invoice.currency === "XTR" ? " ⭐" : " " + m.invoice.currency));
    button.type = "button"; button.onclick = () => pay(m.id);
    const kb = el("div", "kb", ""); kb.append(button); li.append(kb);
  }
  return li;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text) node.textContent = text;
  return node;
}

async function press(messageId, data) {
  const { answer } = await api("press", { ...actor(), message_id: messageId, data });
  if (answer && answer.text) answer.show_alert ? showAlert(answer.text) : toast(answer.text);
}

async function pay(messageId) {
  const result = await api("pay", { ...actor(), message_id: messageId });
  toast(result.ok ? "Payment sent" : "Payment refused: " + result.error);
}

$("compose").onsubmit = async (ev) => {
  ev.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  await api("send", { ...actor(), text });
};

$("photo").onchange = async () => {
  const file = $("photo").files[0];
  if (!file) return;
  const form = new FormData();
  for (const [k, v] of Object.entries(actor())) form.append(k, String(v));
  form.append("caption", $("text").value.trim());
  form.append("file", file);
  $("text").value = ""; $("photo").value = "";
  await api("photo", form);
};

$("who").onsubmit = (ev) => {
  ev.preventDefault();
  me.id = Number($("user-id").value); me.name = $("user-name").value; me.language = $("user-lang").value;
  localStorage.setItem("fleet-sandbox-user", JSON.stringify(me));
  if (state.stream) state.stream.close();
  state.bot = null;
  $("chats").replaceChildren();
  $("title").textContent = "Pick a chat"; $("compose").hidden = true; $("messages").replaceChildren();
  loadBots().then(() => toast("You are now " + me.name + " (" + me.id + ")"));
};

$("reset").onclick = async () => {
  if (!confirm("Reset the sandbox: delete the tenants, forget the chats, seed the demo again?")) return;
  await api("reset", {});
  location.reload();
};

$("alert-ok").onclick = () => { $("alert").hidden = true; };
$("user-id").value = me.id; $("user-name").value = me.name; $("user-lang").value = me.language;
loadBots();
