start-greeting = Welcome to { $name }! Send /help to see what I can do.
help-text =
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
    Traffic: { $used } of { $limit }
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
