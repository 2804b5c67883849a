start-greeting = Welcome to { $name }! Send /help to see what I can do.
help-text =
    What I can do here:
    { $lines }

    Commands:
    /start - main menu
    /help - this help
whoami-text =
    Tenant #{ $tenant_id } ({ $name }), status { $status }.
    You are { $user_id }, an admin of this bot.
common-not_allowed = This command is for the bot's admins only.
common-service_paused = This service is paused for the moment. Please try again later.
common-error = Something went wrong. Please try again in a minute.
common-stale_button = This button is out of date. Send /start for a fresh menu.
alerts-tenant_failed = Tenant #{ $tenant_id } ({ $name }, @{ $username }) was stopped: Telegram rejected its token. Replace the token and activate it again.
menu-title =
    { $name }
    Balance: { $balance }
    Choose an option:
menu-buy = 🛒 Buy / Renew
menu-subscription = 📄 My subscription
menu-trial = 🎁 Free trial
menu-balance = 💰 Balance &amp; top-up
menu-referrals = 👥 Referrals
menu-promo = 🏷 Promo code
menu-support = 💬 Support
menu-language = 🌐 Language
menu-back = ⬅️ Back
shop-plans_title = Choose a plan:
shop-no_plans = No plans are on sale right now.
shop-plan_button = { $name } — { $price }
shop-plan_details =
    { $name }
    Period: { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
    Traffic: { $traffic }
    Devices: { $devices }
    Price: { $price }
    { "" }
    Your balance: { $balance }
shop-unlimited = unlimited
shop-gb = { $gb } GB
shop-confirm = ✅ Buy for { $price }
shop-purchased =
    ✅ Done! Your subscription runs until { $date }.
    Link: { $link }
shop-activating = ✅ Payment received. Your subscription is being activated; we will message you as soon as it is ready.
shop-activation_done = ✅ Your subscription is active. Open "My subscription" for your link.
shop-activation_refunded = We could not activate your subscription, so the payment was returned to your balance. Please contact support.
shop-insufficient = Not enough balance: the plan costs { $price }, you have { $balance }. Missing: { $missing }.
shop-top_up_missing = ➕ Top up { $missing }
shop-plan_unavailable = This plan is no longer on sale.
shop-paused = Sales are paused for the moment. Please try again later.
shop-not_configured = Subscriptions cannot be activated right now. Please try again later.
shop-no_subscription = You have no subscription yet.
shop-subscription =
    Status: { $status }
    Expires: { $date } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    } left)
    Traffic: { $used } of { $limit }{ $bar }
    Devices: { $devices }
    Link: { $link }
shop-panel_slow = The panel is slow right now, so traffic used is not shown. Please try again in a minute.
shop-status_active = active
shop-status_expired = expired
shop-status_activating = activating
shop-trial_started =
    🎁 Your trial runs until { $date }.
    Link: { $link }
shop-trial_activating = 🎁 Your trial is being activated; we will message you when it is ready.
shop-trial_used = You have already used your free trial.
shop-trial_not_offered = The free trial is for new customers only; you already have a subscription.
shop-plan_changed = ⚠️ This plan changed after you opened it. Here are its current terms; confirm again to buy.
shop-feature_off = This option is not available.
shop-balance = Your balance: { $balance }
shop-no_top_up = Top-ups are not available in this shop yet.
shop-referrals =
    👥 Invite friends with your link:
    { $link }
    { "" }
    You earn { $percent }% of { $source }.
    Invited: { $invited }
    Paid: { $paid }
    Earned: { $earned }
shop-support = Support: { $contact }
shop-language_title = Choose your language:
shop-language_set = Language set to English.
shop-auto_renewed = 🔄 Your subscription was renewed from your balance. It now runs until { $date }.
shop-expiry_reminder = ⏰ Your subscription ends on { $date } (in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }). Renew it from the menu to stay connected.
shop-register_first = Please send /start first.
topup-menu = Choose how to top up:
topup-menu_missing = Top up { $amount } to buy the plan. Choose how:
topup-method_card = 💳 Card to card
topup-method_stars = ⭐ Telegram Stars
topup-cancel = ❌ Cancel
topup-cancelled = Top-up cancelled.
topup-ask_amount = How much do you want to top up? Send an amount from { $min } to { $max }.
topup-bad_amount = That is not an amount. Send a number, for example { $example }.
topup-out_of_range = The amount must be from { $min } to { $max }.
topup-card_offer =
    Transfer exactly { $amount } to this card:
    { "" }
    { $number }
    { $holder }
    { "" }
    Then send the receipt here: a photo, a text (the transfer's reference) or a photo with a caption.
topup-send_receipt = Please send the receipt as a photo or as a text.
topup-receipt_received =
    🧾 Receipt received. Tracking number: { $tracking }
    An admin will check it soon and we will message you.
topup-too_many_pending = You already have { $limit ->
        [one] { $limit } top-up
       *[other] { $limit } top-ups
    } waiting for review. Please wait until they are checked.
topup-no_card = Card-to-card payments are not available right now. Please try again later.
topup-c2c_approved = ✅ Your top-up { $tracking } of { $amount } was approved. Balance: { $balance }.
topup-c2c_rejected = ❌ Your top-up { $tracking } of { $amount } was rejected. If you think this is a mistake, contact support with the tracking number.
topup-c2c_expired = ⌛ Your top-up { $tracking } of { $amount } was not checked in time and has expired. If you paid, contact support with the tracking number.
topup-stars_title = Top-up { $amount }
topup-stars_description = { $amount } to your balance in { $shop }.
topup-stars_label = Balance top-up
topup-stars_credited = ⭐ Payment received: { $stars ->
        [one] { $stars } Star
       *[other] { $stars } Stars
    }. { $amount } was added to your balance. Balance: { $balance }.
topup-stars_declined = This payment cannot be accepted right now. Please request a new invoice.
topup-purchase_short = Your balance is still short for the plan. Open the menu to top up again.
topup-purchase_failed = The plan could not be bought automatically. Your balance is kept; buy the plan from the menu.
receipt-admin =
    🧾 Top-up { $tracking }
    Amount: { $amount }
    User: { $user }
    Card: { $card }
    Sent: { $sent }
receipt-text = Receipt: { $text }
receipt-note = Note: { $note }
receipt-approve = ✅ Approve
receipt-reject = ❌ Reject
receipt-details = ℹ️ Details
receipt-approved_by = ✅ Approved by { $who }
receipt-rejected_by = ❌ Rejected by { $who }
receipt-expired = ⌛ Expired without a decision
receipt-done_approved = Approved { $tracking }: { $amount } credited.
receipt-done_rejected = Rejected { $tracking } ({ $amount }).
receipt-already = This payment is already { $status }.
receipt-not_found = This payment was not found.
receipt-not_admin = Only this shop's admins can review payments.
receipt-details_text =
    { $tracking }: { $status }
    { $amount }
    User { $telegram_id }, balance { $balance }, pending { $pending }
    Expires { $expires }
receipt-status_pending = pending
receipt-status_approved = approved
receipt-status_rejected = rejected
receipt-status_expired = expired
shop-temporarily_unavailable = This plan is temporarily unavailable. Please try again later.
wallet-low_balance = ⚠️ Your shop's wallet is running low: the balance is { $balance }, below { $threshold }. Ask the platform to top it up before the shop is paused.
wallet-suspended = ⛔️ Your shop is paused: the wallet balance { $balance } is below { $threshold }. Your users are told the service is paused and nothing is sold until the wallet is topped up.
wallet-resumed = ✅ Your shop is open again: the wallet balance is { $balance }.
wallet-sale_refused_limit = ⚠️ A sale of “{ $plan }” was refused: it costs your wallet { $charge }, but the balance and the credit limit leave only { $available }. Ask the platform to top up your wallet.
wallet-sale_refused_unlimited = ⚠️ A sale of the unlimited plan “{ $plan }” was refused: no wholesale price for unlimited plans is set for your wallet. Ask the platform to set one.
topup-receipt_already = 🧾 This transfer's receipt is already recorded (tracking number { $tracking }). One transfer is one receipt: to pay again, start a new top-up from the menu.
topup-receipt_unseen =
    🧾 Receipt recorded. Tracking number: { $tracking }
    No admin of this shop could be reached yet, so the check may take longer than usual. It is kept and will be shown to the first admin who comes online; we will message you when it is checked.
topup-raised_to_min = You are { $missing } short for the plan, but the smallest card top-up is { $min }, so the amount is { $amount }. What is left after the purchase stays on your balance.
topup-amount_rounded = Amounts are counted to the cent: { $typed } is rounded to { $amount } (half a cent and more rounds up).
topup-stars_rounded = Stars are paid in whole Stars and one Star is { $rate }: { $asked } needs { $exact } Stars, rounded up to { $stars } Stars, so { $amount } will be added to your balance.
receipt-waiting_for_you = 🧾 { $count ->
        [one] { $count } receipt waits
       *[other] { $count } receipts wait
    } for your review: no admin could be shown them before. Here they are.
alerts-receipts_unseen = Tenant #{ $tenant_id } ({ $name }, @{ $username }): { $count ->
        [one] { $count } card-to-card receipt has
       *[other] { $count } card-to-card receipts have
    } waited more than an hour and no admin could be shown them (the admins never started the bot, or the admin chat refuses it). Ask the tenant's admins to send /start to their bot.
referral-source_top_up = every top-up they make
referral-source_purchase = every purchase they make
referral-bonus_credited = 👥 Referral bonus: { $amount } was added to your balance for a friend's payment. Balance: { $balance }.
referral-welcome_credited = 🎁 Welcome bonus: { $amount } was added to your balance for your first top-up. Balance: { $balance }.
promo-ask = 🎟 Send your promo code as a message.
promo-balance_credited = 🎟 Promo code accepted: { $amount } was added to your balance. Balance: { $balance }.
promo-days_added = 🎟 Promo code accepted: { $days ->
        [one] { $days } day was
       *[other] { $days } days were
    } added to your subscription. It now runs until { $date }.
promo-days_pending = 🎟 Promo code accepted: { $days ->
        [one] { $days } extra day
       *[other] { $days } extra days
    } will be added to your next subscription.
promo-discount_pending = 🎟 Promo code accepted: your next purchase is { $percent }% off while the code is valid.
promo-refused_unknown = This promo code does not exist. Check it and send it again.
promo-refused_expired = This promo code is not valid now.
promo-refused_used_up = This promo code has been used up.
promo-refused_already_used = You have already used this promo code.
promo-too_many = Too many wrong promo codes. Please try again in an hour.
shop-promo_soon = Promo codes are coming soon.
console-home = Master console. What would you like to manage?
console-tenants = Tenants
console-new_tenant = New tenant
console-stats = Statistics
console-audit = Audit log
console-back = « Back
console-cancel = Cancel
console-yes = Yes, confirm
console-prev = ‹ Previous
console-next = Next ›
console-skip = Skip
console-list_title = Tenants ({ $total }):
console-list_empty = No tenant matches.
console-search_hint = Send a name, bot username or id to search.
console-filter_all = All
console-filter_active = Active
console-filter_suspended = Suspended
console-filter_disabled = Disabled
console-filter_failed = Failed
console-status_active = active
console-status_suspended = suspended
console-status_disabled = disabled
console-status_failed = failed
console-card =
    Tenant #{ $id }: { $name }
    Status: { $status }
    Bot: @{ $username }
    Created: { $created }
    Users: { $users }
    Active subscriptions: { $subscriptions }
    Revenue (30 days): { $revenue }
    Wallet balance: { $balance }
console-do_activate = Activate
console-do_deactivate = Deactivate
console-do_suspend = Suspend
console-do_resume = Resume
console-do_rotate = Rotate API token
console-features = Features
console-wallet = Wallet
console-delete = Delete
console-confirm_activate = Activate { $name } (#{ $id })? Its bot starts at once.
console-confirm_deactivate = Deactivate { $name } (#{ $id })? Its bot stops at once.
console-confirm_suspend = Suspend { $name } (#{ $id })? Its users will see "service paused".
console-confirm_resume = Resume { $name } (#{ $id })? Its shop sells again.
console-confirm_rotate = Issue a new API token for { $name } (#{ $id })? The current token stops working at once.
console-token_shown =
    API token (shown only this once, store it safely now):
    { $token }
console-features_title = Features of { $name }. Press one to switch it on or off.
console-wallet_title =
    Wallet of { $name }
    Balance: { $balance }
    Model: { $model }, rate per GiB: { $rate }
    Credit limit: { $credit }
    Low-balance warning below: { $low }
    Suspension below: { $suspend }
    Last entries:
console-top_up = Top up
console-top_up_ask = Send the amount in minor units, optionally followed by a note, e.g. "50000 bank transfer 12".
console-top_up_confirm =
    Credit { $amount } to the wallet of { $name }?
    Note: { $note }
console-top_up_replayed = This top-up was already credited; nothing was added.
console-delete_ask = This deletes { $name } and everything it owns. To confirm, send its name exactly: { $name }
console-delete_mismatch = The name does not match; nothing was deleted.
console-deleted = { $name } was deleted.
console-new_token = Send the bot token of the new tenant (from @BotFather).
console-new_name = The token belongs to @{ $username }. Send the tenant's name, or use the bot's name.
console-use_name = Use "{ $name }"
console-new_language = Choose the tenant's default language.
console-new_admins = Send the Telegram ids of the tenant's admins, separated by spaces, or skip.
console-created = Tenant #{ $id } { $name } (@{ $username }) is created and its bot is running.
console-stats_text =
    Platform statistics
    Tenants: { $tenants }
    Users: { $users }
    Active subscriptions: { $subscriptions }
    { $sales }
    Traffic billed (30 days): { $traffic } GiB
    Wallets below their low-balance threshold: { $low }
console-stats_today = Today: { $count ->
        [one] { $count } purchase
       *[other] { $count } purchases
    }, { $revenue }
console-stats_7d = 7 days: { $count ->
        [one] { $count } purchase
       *[other] { $count } purchases
    }, { $revenue }
console-stats_30d = 30 days: { $count ->
        [one] { $count } purchase
       *[other] { $count } purchases
    }, { $revenue }
console-audit_title = Audit log ({ $total ->
        [one] { $total } entry
       *[other] { $total } entries
    }), newest first:
console-token_invalid = Telegram does not accept this token: { $reason }
console-token_used = This bot is already hosted by a tenant.
console-telegram_down = Telegram could not be reached. Please try again in a minute.
console-master_protected = The master tenant cannot be changed this way.
console-transition_refused = Not possible in the tenant's current status.
console-feature_not_built = This feature is not built yet and cannot be switched on.
console-not_found = This tenant no longer exists.
console-invalid = Not accepted: { $reason }
alerts-daily_digest =
    Daily digest
    Tenants failed: { $failed }
    Tenants suspended: { $suspended }
    Wallets below their low-balance threshold: { $low_balance }
    Card-to-card receipts waiting more than an hour: { $receipts }
    Send /admin to open the console.
console-admins = Master admins
console-admins_text =
    Master admins
    From the settings (FLEET_MASTER_ADMIN_IDS): { $configured }
    Added here: { $stored }
    Press an added admin to remove them.
console-admin_add = Add an admin
console-admin_ask = Send the Telegram id of the new master admin.
console-set_rate_per_gb = Set the rate per GiB
console-set_credit_limit = Set the credit limit
console-set_low_balance_threshold = Set the low-balance threshold
console-set_suspend_threshold = Set the suspension threshold
console-billing_ask = { $field }: send the amount in minor units (thresholds may be negative).
broadcast-progress_running = 📣 Broadcast in progress: { $sent } of { $total } sent, { $blocked } blocked the bot, { $failed } failed.
broadcast-progress_done = ✅ Broadcast finished: { $sent } of { $total } sent, { $blocked } blocked the bot, { $failed } failed.
broadcast-progress_cancelled = ⏹ Broadcast cancelled: { $sent } of { $total } sent, { $blocked } blocked the bot, { $failed } failed.
broadcast-cancel = ⏹ Cancel
broadcast-cancelled = The broadcast is cancelled.
tconsole-title = 🛠 { $name }: admin console
tconsole-broadcast = 📣 Broadcast
tconsole-back = ⬅️ Back
tconsole-bc_ask_text = Send the text of the broadcast, or a photo with the text as its caption.
tconsole-bc_ask_audience = Who should receive it?
tconsole-aud_all = Everyone
tconsole-aud_active = Active subscribers
tconsole-aud_expired = Expired subscriptions
tconsole-aud_never = Never bought
tconsole-bc_preview = ☝️ This is what { $count } recipients ({ $audience }) will get.
tconsole-bc_confirm = ✅ Send
tconsole-bc_started = Sending to { $total } users.
tconsole-receipts = 🧾 Receipts
tconsole-plans = 📦 Plans
tconsole-cards = 💳 Cards
tconsole-prev = ◀️ Previous
tconsole-next = Next ▶️
tconsole-on = active
tconsole-off = inactive
tconsole-not_a_number = Please send a whole number, e.g. 150000.
tconsole-rc_none = No receipts are waiting for a decision.
tconsole-rc_title = 🧾 { $count } receipt(s) wait for a decision, oldest first:
tconsole-rc_confirm_approve = Approve this payment and credit the user's balance?
tconsole-rc_yes_approve = ✅ Yes, approve
tconsole-rc_ask_reason = Send the reason the user will read, or reject without a reason.
tconsole-rc_no_reason = ❌ Reject without a reason
tconsole-rc_confirm_reject =
    Reject this payment? The user will read:
    { $reason }
tconsole-rc_yes_reject = ❌ Yes, reject
tconsole-pl_title = 📦 Plans ({ $count }):
tconsole-pl_card =
    📦 { $name } ({ $state })
    Period: { $days } days
    Price: { $price }
    Traffic: { $gb } GB
    Devices: { $devices }
tconsole-pl_new = ➕ New plan
tconsole-pl_price = ✏️ Price
tconsole-pl_activate = ✅ Activate
tconsole-pl_deactivate = ⛔ Deactivate
tconsole-pl_ask_name = Send the plan's name.
tconsole-pl_ask_period_days = How many days does it last?
tconsole-pl_ask_price = Send the price (a whole number).
tconsole-pl_ask_traffic_gb = How many GB of traffic? (0 = unlimited)
tconsole-pl_ask_device_limit = How many devices? (0 = unlimited)
tconsole-cd_title = 💳 Cards ({ $count }), selected today: { $today }. Each line: weight · selected today.
tconsole-cd_card =
    💳 { $number } ({ $state })
    Holder: { $holder }
    Weight: { $weight }
    Selected today: { $today }
    Approved: { $ok }, rejected: { $failed }
tconsole-cd_add = ➕ Add a card
tconsole-cd_strategy = 🔄 Rotation: { $strategy }
tconsole-cd_ask_strategy = How should cards take turns?
tconsole-cd_enable = ✅ Enable
tconsole-cd_disable = ⛔ Disable
tconsole-cd_weight = ⚖️ Weight
tconsole-cd_ask_weight = Send the card's weight (a whole number).
tconsole-cd_ask_number = Send the card number (16 to 19 digits).
tconsole-cd_ask_holder = Send the card holder's name.
common-blocked = Sorry, this shop can't serve you. If you think this is a mistake, please contact the shop's support.
tconsole-users = 👤 Users
tconsole-us_ask = Send a Telegram id, @username or name to search for.
tconsole-us_found = Found: { $count }. Send another search, or pick a user:
tconsole-us_card =
    👤 { $user }
    Balance: { $balance }
    { $sub }
    Last balance changes:
tconsole-us_sub = Subscription until { $until }
tconsole-us_no_sub = No subscription
tconsole-us_blocked = ⛔ Blocked
tconsole-us_block = ⛔ Block
tconsole-us_unblock = ✅ Unblock
tconsole-us_adjust = 💰 Adjust balance
tconsole-us_ask_amount = Send the amount: 5000 credits, -5000 debits.
tconsole-us_ask_reason = Send the reason (it is kept in the user's balance history).
tconsole-us_confirm =
    Change the balance by { $amount }?
    Reason: { $reason }
tconsole-us_yes = ✅ Yes, apply
tconsole-us_no_draft = This confirmation is out of date: open the user again.
tconsole-stats = 📊 Statistics
tconsole-wallet = 👛 Wallet
tconsole-st_text =
    📊 Statistics (today / 7 days / 30 days)
    New users: { $u1 } / { $u7 } / { $u30 }
    Active subscriptions: { $active }
    Purchases: { $p1 } / { $p7 } / { $p30 }
    Revenue: { $r1 } / { $r7 } / { $r30 }
    Top-ups in 30 days: { $top_ups }
    Trial → paid: { $converted } of { $trials } ({ $percent }%)
tconsole-wl_text =
    👛 Wallet
    Balance: { $balance }
    Billing model: { $model }
    Recent charges:
tconsole-wl_none = No charges yet.
tconsole-bc_invalid = This broadcast can't be sent: the text must have 1 to 4096 characters (1024 under a photo), and a button is a label, a space, then an http(s) link.
tconsole-bc_not_found = That broadcast is no longer running.
tconsole-cd_invalid_number = That is not a valid card number.
tconsole-cd_duplicate = That card is already on the list.
tconsole-not_found = Not found: it may have been removed.
tconsole-pl_duplicate = A plan with that name already exists.
tconsole-us_insufficient = The user's balance can't go below zero.
tconsole-ad_last = A shop keeps at least one admin.
tconsole-ad_self = You can't remove yourself; another admin can.
tconsole-ad_too_many = A shop has at most 20 admins.
tconsole-admins = 👥 Admins
tconsole-ad_title =
    👥 Admins of this shop (Telegram ids):
    { $ids }
    { "" }
    Press an id to remove it.
tconsole-ad_add = ➕ Add an admin
tconsole-ad_ask = Send the Telegram id of the new admin (they open the console with /admin).
tconsole-bc_ask_button = Add a link button? Send its label and the link, e.g. “Our channel https://t.me/example”, or press No button.
tconsole-bc_no_button = No button
console-tenant_admins = 👥 Admins
console-tenant_admins_text =
    👥 Admins of { $name } (Telegram ids): { $ids }
    They open the shop's console with /admin in its bot.
support-screen =
    💬 Support
    Write to us: an admin answers here.
support-contact = Contact: { $contact }
support-no_tickets = You have no tickets yet.
support-tickets_title = Your tickets:
support-new = ✍️ New ticket
support-ticket_button = #{ $id } · { $status }
support-status_open = 🟡 open
support-status_answered = 🟢 answered
support-status_closed = ⚪ closed
support-ask = ✍️ Write your message to support: text or photos (an album is fine). Send /start to cancel.
support-ask_more = ✍️ Write what to add to ticket #{ $id }: text or photos. Send /start to cancel.
support-saved = ✅ Ticket #{ $id } is saved and was sent to the admins. The answer comes here. Anything you send now is added to it.
support-saved_waiting = ✅ Ticket #{ $id } is saved. No admin could be reached right now: it is kept and delivered as soon as one can be, and the answer comes here.
support-added = ✅ Added to ticket #{ $id }.
support-added_waiting = ✅ Added to ticket #{ $id } and saved; it reaches the admins as soon as one can be reached.
support-ticket =
    🎫 Ticket #{ $id } — { $status }
    { "" }
    { $messages }
support-from_user = You: { $text }
support-from_admin = Support: { $text }
support-photo = { "[" }photo]
support-add = ➕ Add a message
support-close = ✅ Close the ticket
support-done = ✔️ Done
support-list = 📋 My tickets
support-answer =
    💬 Support answered your ticket #{ $id }:
    { "" }
    { $text }
support-too_many = You already have { $limit } open tickets. Close one or wait for an answer.
support-too_long = A message may have at most { $limit } characters. Please send it in parts.
support-empty = Send text or a photo.
support-not_found = This ticket does not exist.
support-closed_already = This ticket is closed.
support-not_admin = Only this shop's admins can answer tickets.
support-admin_new =
    🎫 Ticket #{ $id } from { $name } (id { $user_id })
    { "" }
    { $text }
    { "" }
    Reply to this message to answer.
support-admin_more =
    🎫 #{ $id } · { $name }:
    { $text }
support-admin_closed = 🎫 Ticket #{ $id } was closed by the user.
support-admin_sent = ✅ Sent to the user; ticket #{ $id } is answered.
support-admin_not_reached = ⚠️ Saved on ticket #{ $id }, but the user could not be reached (they may have blocked the bot).
support-admin_waiting = 📨 { $count } ticket message(s) waited for an admin and were delivered now.
support-admin_list_title = 🎫 Open tickets: { $total }
support-admin_list_row = #{ $id } · { $status } · user { $user_id } · { $date }
support-admin_list_empty = No open tickets.
support-admin_list_more = …and { $count } more.
console-provider_not_configured = This payment provider has no credentials for this tenant yet: set them first (tenant console: Online payments; API: PUT /api/v1/tenants/ID/payment-providers/…), then switch it on.
topup-method_yookassa = 🏦 Bank card (YooKassa)
topup-method_cryptopay = 🪙 Crypto (CryptoBot)
topup-provider_down = The payment service is not answering right now, so no payment was created. Please try again in a few minutes or choose another method.
topup-online_invoice = Your payment of { $amount } is ready. Press the button to pay; your balance is topped up as soon as the payment service confirms it.
topup-online_pay = 💳 Pay
topup-online_credited = ✅ Payment received: { $amount } was added to your balance. Balance: { $balance }.
topup-online_late = ✅ Your payment was confirmed late by the payment service: { $amount } was added to your balance after all. Balance: { $balance }.
topup-online_description = Top-up of { $amount } at { $shop }
help-line_buy = 🛒 buy or renew a VPN subscription
help-line_subscription = 📄 see your subscription: link, QR code, how to connect, traffic, history
help-line_trial = 🎁 try it free once
help-line_balance = 💰 top up your balance
help-line_referrals = 👥 invite friends and earn
help-line_promo = 🏷 redeem a promo code
help-line_support = 💬 write to support
help-line_language = 🌐 change the language
help-fallback = I only understand the menu buttons. Open the menu below, or send /help.
help-menu = 📋 Menu
start-choose_language = Your language (✓) — tap another to switch:
sub-renew = 🔁 Renew
sub-auto_on = 🔄 Auto-renewal: on (tap to turn off)
sub-auto_off = ⏸ Auto-renewal: off (tap to turn on)
sub-auto_set_on = Auto-renewal is on: the subscription renews from your balance before it expires.
sub-auto_set_off = Auto-renewal is off.
sub-qr = 📷 QR code
sub-qr_caption =
    Scan this in your VPN app, or add the link:
    { $link }
sub-no_link = The subscription link is not ready yet. Please try again in a minute.
sub-platform_ios = iOS
sub-platform_android = Android
sub-platform_windows = Windows
sub-platform_macos = macOS
sub-guide =
    Connect on { $platform }:
    1. Install { $app }: { $url }
    2. Copy your subscription link:
    { $link }
    3. In { $app }, add it from the clipboard (or scan the QR code), then tap Connect.
sub-install = ⬇️ Install { $app }
sub-history_title = Last balance movements:
sub-history_row = { $date }  { $amount }  { $kind }
sub-kind_top_up = top-up
sub-kind_purchase = purchase
sub-kind_renewal = renewal
sub-kind_refund = refund
sub-kind_adjustment = adjustment
sub-kind_referral_bonus = referral bonus
sub-kind_promo = promo code
console-broadcast = 📣 Message tenant admins
console-bc_title = Message the admins of which tenants? Each admin gets it through their tenant's bot (the master bot for a tenant whose bot is stopped).
console-bc_all = All tenants
console-bc_ask_text = Send the message text (up to 4,096 characters).
console-bc_preview = ☝️ This is what { $count } admin chats ({ $audience }) will get.
console-bc_nobody = No tenant admins to message ({ $audience }).
console-bc_send = 📣 Send
console-bc_started = Sending to { $total } admin chats.
tconsole-online_payments = 🌐 Online payments
tconsole-op_title = 🌐 Online payment providers (credentials are never shown back):
tconsole-op_yookassa = YooKassa
tconsole-op_cryptopay = Crypto Pay
tconsole-op_not_configured = not configured
tconsole-op_live = configured
tconsole-op_test = configured, test mode
tconsole-op_set = 🔑 Set { $name }
tconsole-op_clear = 🗑 Clear { $name }
tconsole-op_ask_account = Send the YooKassa shopId (a number).
tconsole-op_ask_mode = Test mode or live payments?
tconsole-op_mode_test = 🧪 Test mode
tconsole-op_mode_live = 💰 Live
tconsole-op_ask_secret_yookassa = Send the YooKassa secret key. The message is deleted from this chat as soon as it is read.
tconsole-op_ask_secret_cryptopay = Send the Crypto Pay app token. The message is deleted from this chat as soon as it is read.
tconsole-op_saved = ✅ Saved. Your message with the secret was deleted.
tconsole-op_clear_ask = Clear the { $name } credentials? Payments through it stop being possible.
tconsole-op_clear_yes = 🗑 Clear
tconsole-op_in_use = Not cleared: the provider is switched on or payments through it are still pending. Switch it off and wait for them to settle.
tconsole-promos = 🎟 Promo codes
tconsole-tickets = 💬 Support tickets
tconsole-pr_title = 🎟 Promo codes ({ $count }):
tconsole-pr_new = ➕ New code
tconsole-pr_card =
    🎟 { $code } ({ $state })
    Kind: { $kind }
    Value: { $value }
    Used: { $uses } of { $max }
    Valid through: { $until }
tconsole-pr_kind_balance = 💰 Balance credit
tconsole-pr_kind_days = 📅 Extra days
tconsole-pr_kind_discount = 🏷 Percent discount
tconsole-pr_value_days = { $value } days
tconsole-pr_value_discount = { $value }% off the next purchase
tconsole-pr_delete = 🗑 Delete
tconsole-pr_delete_ask = Delete the code { $code }? Redeemed but unused days and discounts go with it.
tconsole-pr_delete_yes = 🗑 Delete
tconsole-pr_ask_code = Send the code: 3 to 32 letters, digits, - or _ (users may type it in any case).
tconsole-pr_ask_kind = What does it give?
tconsole-pr_ask_value_balance = How much is credited? Send a whole number (as plan prices are written).
tconsole-pr_ask_value_days = How many extra days (1 to 3650)?
tconsole-pr_ask_value_discount = What percent off the next purchase (1 to 100)?
tconsole-pr_ask_max_uses = How many uses in total? (Each user may use it once.)
tconsole-pr_ask_valid_until = The last day it works, as YYYY-MM-DD (UTC).
tconsole-pr_unlimited = ♾ Unlimited
tconsole-pr_no_end = ♾ No end date
tconsole-pr_taken = A promo code with this name already exists: go back and start again with another code.
tconsole-tk_off = Support tickets are switched off for this shop (the platform switches them on).
tconsole-texts = ✏️ Texts
tconsole-tx_title = ✏️ Texts: the bot's words in your own wording. Which language?
tconsole-tx_ask_key = Send the key of a text, for example menu.title (the list of keys is in the documentation).
tconsole-tx_card =
    ✏️ { $key } ({ $language })
    Default:
    <pre>{ $default }</pre>
    Yours:
    <pre>{ $current }</pre>
tconsole-tx_none = — (the default applies)
tconsole-tx_replace = ✏️ Replace
tconsole-tx_reset = ↩️ Reset to default
tconsole-tx_ask_text = Send the new text for { $key }. Keep exactly these variables: { $variables }. Telegram HTML (&lt;b&gt;, &lt;i&gt;, …) is allowed.
tconsole-tx_saved = ✅ Saved. Your users now see (variables shown by name):
tconsole-tx_reset_ask = Reset { $key } ({ $language }) to the default text?
tconsole-tx_reset_yes = ↩️ Reset
tconsole-tx_reset_done = ↩️ The default text applies again.
tconsole-tx_unknown = No such text ({ $reason }). Send a key such as menu.title.
tconsole-tx_invalid = Not saved: { $reason }. Send the text again.
