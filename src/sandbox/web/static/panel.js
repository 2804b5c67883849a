// The panel page of the web sandbox (docs/sandbox.md): panel users and failure modes.
"use strict";
const GiB = 1024 ** 3;
const size = (bytes) => (bytes / GiB).toFixed(2) + " GiB";

async function call(path, body) {
  const init = body ? { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } : {};
  const resp = await fetch("/sandbox/api/panel" + path, init);
  draw(await resp.json());
}

function draw(view) {
  for (const b of document.querySelectorAll("[data-mode]")) b.classList.toggle("on", b.dataset.mode === view.mode);
  const rows = (view.users || []).map((u) => {
    const tr = document.createElement("tr");
    tr.dataset.username = u.username;
    const limit = u.limit_bytes ? size(u.limit_bytes) : "unlimited";
    for (const text of [u.username, u.tag || "", u.status, u.expire_at, size(u.used_bytes) + " / " + limit, u.devices ?? "—"]) {
      const td = document.createElement("td"); td.textContent = text; tr.append(td);
    }
    const td = document.createElement("td");
    const add = document.createElement("button");
    add.type = "button"; add.textContent = "+1 GiB used";
    add.onclick = () => call("/traffic", { user_id: u.id, gib: 1 });
    td.append(add); tr.append(td);
    return tr;
  });
  document.getElementById("users").replaceChildren(...rows);
}

for (const b of document.querySelectorAll("[data-mode]")) b.onclick = () => call("/mode", { mode: b.dataset.mode });
call("");
