start-greeting = به { $name } خوش آمدید! برای دیدن امکانات، /help را بفرستید.
help-text =
    کارهایی که اینجا می‌توانید انجام دهید:
    { $lines }

    دستورها:
    /start - منوی اصلی
    /help - همین راهنما
whoami-text =
    مستأجر #{ $tenant_id } ({ $name })، وضعیت { $status }.
    شما { $user_id } هستید، مدیر این ربات.
common-not_allowed = این دستور فقط برای مدیران ربات است.
common-service_paused = این سرویس فعلاً متوقف است. لطفاً بعداً دوباره تلاش کنید.
common-error = مشکلی پیش آمد. لطفاً یک دقیقه دیگر دوباره تلاش کنید.
common-stale_button = این دکمه دیگر معتبر نیست. برای منوی تازه /start را بفرستید.
alerts-tenant_failed = مستأجر #{ $tenant_id } ({ $name }، @{ $username }) متوقف شد: تلگرام توکن آن را رد کرد. توکن را عوض کنید و دوباره فعالش کنید.
menu-title =
    { $name }
    موجودی: { $balance }
    یک گزینه را انتخاب کنید:
menu-buy = 🛒 خرید / تمدید
menu-subscription = 📄 اشتراک من
menu-trial = 🎁 اشتراک آزمایشی
menu-balance = 💰 موجودی و شارژ
menu-referrals = 👥 دعوت دوستان
menu-promo = 🏷 کد تخفیف
menu-support = 💬 پشتیبانی
menu-language = 🌐 زبان
menu-back = ⬅️ بازگشت
shop-plans_title = یک طرح انتخاب کنید:
shop-no_plans = در حال حاضر طرحی برای فروش نیست.
shop-plan_button = { $name } — { $price }
shop-plan_details =
    { $name }
    مدت: { $days } روز
    ترافیک: { $traffic }
    دستگاه‌ها: { $devices }
    قیمت: { $price }
    { "" }
    موجودی شما: { $balance }
shop-unlimited = نامحدود
shop-gb = { $gb } گیگابایت
shop-confirm = ✅ خرید با { $price }
shop-purchased =
    ✅ انجام شد! اشتراک شما تا { $date } فعال است.
    لینک: { $link }
shop-activating = ✅ پرداخت دریافت شد. اشتراک در حال فعال‌سازی است؛ به محض آماده شدن به شما خبر می‌دهیم.
shop-activation_done = ✅ اشتراک شما فعال شد. لینک در «اشتراک من» است.
shop-activation_refunded = فعال‌سازی اشتراک ممکن نشد و مبلغ به موجودی شما برگشت. لطفاً با پشتیبانی تماس بگیرید.
shop-insufficient = موجودی کافی نیست: قیمت طرح { $price } و موجودی شما { $balance } است. کسری: { $missing }.
shop-top_up_missing = ➕ شارژ { $missing }
shop-plan_unavailable = این طرح دیگر فروخته نمی‌شود.
shop-paused = فروش فعلاً متوقف است. لطفاً بعداً تلاش کنید.
shop-not_configured = در حال حاضر امکان فعال‌سازی اشتراک نیست. لطفاً بعداً تلاش کنید.
shop-no_subscription = شما هنوز اشتراکی ندارید.
shop-subscription =
    وضعیت: { $status }
    انقضا: { $date } ({ $days } روز مانده)
    ترافیک: { $used } از { $limit }{ $bar }
    دستگاه‌ها: { $devices }
    لینک: { $link }
shop-panel_slow = پنل در حال حاضر کند است، بنابراین ترافیک مصرفی نمایش داده نمی‌شود. لطفاً یک دقیقه دیگر دوباره امتحان کنید.
shop-status_active = فعال
shop-status_expired = منقضی
shop-status_activating = در حال فعال‌سازی
shop-trial_started =
    🎁 اشتراک آزمایشی شما تا { $date } فعال است.
    لینک: { $link }
shop-trial_activating = 🎁 اشتراک آزمایشی در حال فعال‌سازی است؛ وقتی آماده شد خبر می‌دهیم.
shop-trial_used = شما قبلاً از اشتراک آزمایشی استفاده کرده‌اید.
shop-trial_not_offered = اشتراک آزمایشی فقط برای مشتریان جدید است؛ شما قبلاً اشتراک داشته‌اید.
shop-plan_changed = ⚠️ این طرح پس از باز کردن آن تغییر کرده است. شرایط فعلی آن این است؛ برای خرید دوباره تأیید کنید.
shop-feature_off = این گزینه در دسترس نیست.
shop-balance = موجودی شما: { $balance }
shop-no_top_up = شارژ در این فروشگاه هنوز در دسترس نیست.
shop-referrals =
    👥 دوستانتان را با لینک خودتان دعوت کنید:
    { $link }
    { "" }
    شما { $percent }٪ از { $source } را دریافت می‌کنید.
    دعوت‌شده: { $invited }
    پرداخت‌کرده: { $paid }
    درآمد: { $earned }
shop-support = پشتیبانی: { $contact }
shop-language_title = زبان خود را انتخاب کنید:
shop-language_set = زبان: فارسی.
shop-auto_renewed = 🔄 اشتراک شما از موجودی تمدید شد و تا { $date } فعال است.
shop-expiry_reminder = ⏰ اشتراک شما در { $date } ({ $days } روز دیگر) تمام می‌شود. از منو تمدید کنید.
shop-register_first = لطفاً ابتدا /start را بفرستید.
topup-menu = روش افزایش موجودی را انتخاب کنید:
topup-menu_missing = برای خرید این طرح { $amount } موجودی خود را افزایش دهید. روش را انتخاب کنید:
topup-method_card = 💳 کارت به کارت
topup-method_stars = ⭐ استارز تلگرام
topup-cancel = ❌ انصراف
topup-cancelled = افزایش موجودی لغو شد.
topup-ask_amount = چه مبلغی می‌خواهید واریز کنید؟ مبلغی بین { $min } و { $max } بفرستید.
topup-bad_amount = این یک مبلغ نیست. یک عدد بفرستید، مثلاً { $example }.
topup-out_of_range = مبلغ باید بین { $min } و { $max } باشد.
topup-card_offer =
    دقیقاً { $amount } به این کارت واریز کنید:
    { "" }
    { $number }
    { $holder }
    { "" }
    سپس رسید را همین‌جا بفرستید: عکس، متن (شماره پیگیری بانک) یا عکس همراه با توضیح.
topup-send_receipt = لطفاً رسید را به صورت عکس یا متن بفرستید.
topup-receipt_received =
    🧾 رسید دریافت شد. کد پیگیری: { $tracking }
    به‌زودی یک مدیر آن را بررسی می‌کند و به شما خبر می‌دهیم.
topup-too_many_pending = شما هم‌اکنون { $limit } درخواست در انتظار بررسی دارید. لطفاً تا بررسی آن‌ها صبر کنید.
topup-no_card = پرداخت کارت به کارت در حال حاضر در دسترس نیست. لطفاً بعداً تلاش کنید.
topup-c2c_approved = ✅ افزایش موجودی { $tracking } به مبلغ { $amount } تأیید شد. موجودی: { $balance }.
topup-c2c_rejected = ❌ افزایش موجودی { $tracking } به مبلغ { $amount } رد شد. اگر فکر می‌کنید اشتباهی رخ داده، با کد پیگیری به پشتیبانی پیام دهید.
topup-c2c_expired = ⌛ افزایش موجودی { $tracking } به مبلغ { $amount } به موقع بررسی نشد و منقضی شد. اگر پرداخت کرده‌اید، با کد پیگیری به پشتیبانی پیام دهید.
topup-stars_title = شارژ { $amount }
topup-stars_description = { $amount } به موجودی شما در { $shop }.
topup-stars_label = افزایش موجودی
topup-stars_credited = ⭐ پرداخت دریافت شد: { $stars } استارز. { $amount } به موجودی شما اضافه شد. موجودی: { $balance }.
topup-stars_declined = این پرداخت در حال حاضر پذیرفته نمی‌شود. لطفاً صورت‌حساب جدیدی بگیرید.
topup-purchase_short = موجودی شما هنوز برای این طرح کافی نیست. برای افزایش دوباره منو را باز کنید.
topup-purchase_failed = خرید خودکار طرح انجام نشد. موجودی شما محفوظ است؛ طرح را از منو بخرید.
receipt-admin =
    🧾 افزایش موجودی { $tracking }
    مبلغ: { $amount }
    کاربر: { $user }
    کارت: { $card }
    ارسال: { $sent }
receipt-text = رسید: { $text }
receipt-note = یادداشت: { $note }
receipt-approve = ✅ تأیید
receipt-reject = ❌ رد
receipt-details = ℹ️ جزئیات
receipt-approved_by = ✅ تأیید شده توسط { $who }
receipt-rejected_by = ❌ رد شده توسط { $who }
receipt-expired = ⌛ بدون تصمیم منقضی شد
receipt-done_approved = { $tracking } تأیید شد: { $amount } واریز شد.
receipt-done_rejected = { $tracking } رد شد ({ $amount }).
receipt-already = این پرداخت قبلاً { $status } شده است.
receipt-not_found = این پرداخت پیدا نشد.
receipt-not_admin = فقط مدیران این فروشگاه می‌توانند پرداخت‌ها را بررسی کنند.
receipt-details_text =
    { $tracking }: { $status }
    { $amount }
    کاربر { $telegram_id }، موجودی { $balance }، در انتظار { $pending }
    انقضا { $expires }
receipt-status_pending = در انتظار بررسی
receipt-status_approved = تأیید
receipt-status_rejected = رد
receipt-status_expired = منقضی
shop-temporarily_unavailable = این طرح موقتاً در دسترس نیست. لطفاً کمی بعد دوباره تلاش کنید.
wallet-low_balance = ⚠️ موجودی کیف پول فروشگاه شما رو به اتمام است: موجودی { $balance } و کمتر از { $threshold } است. پیش از توقف فروشگاه، از پلتفرم بخواهید آن را شارژ کند.
wallet-suspended = ⛔️ فروشگاه شما متوقف شد: موجودی کیف پول { $balance } و کمتر از { $threshold } است. به کاربران گفته می‌شود سرویس متوقف است و تا شارژ کیف پول چیزی فروخته نمی‌شود.
wallet-resumed = ✅ فروشگاه شما دوباره باز است: موجودی کیف پول { $balance } است.
wallet-sale_refused_limit = ⚠️ فروش «{ $plan }» رد شد: هزینه آن برای کیف پول شما { $charge } است، اما موجودی و سقف اعتبار فقط { $available } را پوشش می‌دهد. از پلتفرم بخواهید کیف پول شما را شارژ کند.
wallet-sale_refused_unlimited = ⚠️ فروش طرح نامحدود «{ $plan }» رد شد: قیمت عمده‌ای برای طرح‌های نامحدود کیف پول شما تعیین نشده است. از پلتفرم بخواهید آن را تعیین کند.
topup-receipt_already = 🧾 رسید این واریز قبلاً ثبت شده است (کد پیگیری { $tracking }). هر واریز یک رسید دارد: برای پرداخت دوباره، از منو یک شارژ جدید شروع کنید.
topup-receipt_unseen =
    🧾 رسید ثبت شد. کد پیگیری: { $tracking }
    هنوز به هیچ مدیری از این فروشگاه دسترسی نداشتیم، بنابراین بررسی ممکن است بیشتر طول بکشد. رسید نگه داشته می‌شود و به اولین مدیری که در دسترس باشد نشان داده می‌شود؛ پس از بررسی به شما خبر می‌دهیم.
topup-raised_to_min = برای این طرح { $missing } کم دارید، اما کمترین مبلغ شارژ با کارت { $min } است، پس مبلغ { $amount } است. باقی‌مانده پس از خرید در موجودی شما می‌ماند.
topup-amount_rounded = مبالغ تا دو رقم اعشار حساب می‌شوند: { $typed } به { $amount } گرد شد (نیم واحد و بیشتر به بالا).
topup-stars_rounded = Stars فقط به‌صورت عدد صحیح پرداخت می‌شود و هر Star برابر { $rate } است: برای { $asked } به { $exact } Stars نیاز است که به { $stars } Stars گرد می‌شود، پس { $amount } به موجودی شما اضافه می‌شود.
receipt-waiting_for_you = 🧾 { $count } رسید منتظر بررسی شماست: پیش از این نشان دادن آن‌ها به هیچ مدیری ممکن نبود. این‌ها هستند.
alerts-receipts_unseen = مستأجر #{ $tenant_id } ({ $name }، @{ $username }): { $count } رسید کارت‌به‌کارت بیش از یک ساعت منتظر مانده و به هیچ مدیری نشان داده نشده است (مدیران ربات را شروع نکرده‌اند یا گروه مدیران آن را نمی‌پذیرد). از مدیران بخواهید به ربات خود /start بفرستند.
referral-source_top_up = هر بار شارژ حساب آن‌ها
referral-source_purchase = هر خرید آن‌ها
referral-bonus_credited = 👥 پاداش معرفی: بابت پرداخت دوستتان { $amount } به موجودی شما اضافه شد. موجودی: { $balance }.
referral-welcome_credited = 🎁 پاداش خوش‌آمد: بابت اولین شارژ حسابتان { $amount } به موجودی شما اضافه شد. موجودی: { $balance }.
promo-ask = 🎟 کد تخفیف خود را در یک پیام بفرستید.
promo-balance_credited = 🎟 کد تخفیف پذیرفته شد: { $amount } به موجودی شما اضافه شد. موجودی: { $balance }.
promo-days_added = 🎟 کد تخفیف پذیرفته شد: { $days } روز به اشتراک شما اضافه شد. اشتراک تا { $date } فعال است.
promo-days_pending = 🎟 کد تخفیف پذیرفته شد: { $days } روز به اشتراک بعدی شما اضافه می‌شود.
promo-discount_pending = 🎟 کد تخفیف پذیرفته شد: تا وقتی کد معتبر است، خرید بعدی شما { $percent }٪ تخفیف دارد.
promo-refused_unknown = چنین کد تخفیفی وجود ندارد. آن را بررسی کنید و دوباره بفرستید.
promo-refused_expired = این کد تخفیف در حال حاضر معتبر نیست.
promo-refused_used_up = ظرفیت استفاده از این کد تخفیف تمام شده است.
promo-refused_already_used = شما قبلاً از این کد تخفیف استفاده کرده‌اید.
promo-too_many = تعداد کدهای اشتباه زیاد است. لطفاً یک ساعت دیگر دوباره امتحان کنید.
shop-promo_soon = کد تخفیف به‌زودی اضافه می‌شود.
console-home = کنسول مدیریت اصلی. چه چیزی را می‌خواهید مدیریت کنید؟
console-tenants = مستأجرها
console-new_tenant = مستأجر جدید
console-stats = آمار
console-audit = گزارش تغییرات
console-back = « بازگشت
console-cancel = لغو
console-yes = بله، تأیید می‌کنم
console-prev = ‹ قبلی
console-next = بعدی ›
console-skip = رد شدن
console-list_title = مستأجرها ({ $total }):
console-list_empty = هیچ مستأجری پیدا نشد.
console-search_hint = برای جستجو، نام، نام کاربری ربات یا شناسه را بفرستید.
console-filter_all = همه
console-filter_active = فعال
console-filter_suspended = معلق
console-filter_disabled = غیرفعال
console-filter_failed = خراب
console-status_active = فعال
console-status_suspended = معلق
console-status_disabled = غیرفعال
console-status_failed = خراب
console-card =
    مستأجر #{ $id }: { $name }
    وضعیت: { $status }
    ربات: @{ $username }
    تاریخ ایجاد: { $created }
    کاربران: { $users }
    اشتراک‌های فعال: { $subscriptions }
    درآمد ۳۰ روز اخیر: { $revenue }
    موجودی کیف پول: { $balance }
console-do_activate = فعال‌سازی
console-do_deactivate = غیرفعال‌سازی
console-do_suspend = تعلیق
console-do_resume = ازسرگیری
console-do_rotate = صدور توکن API جدید
console-features = قابلیت‌ها
console-wallet = کیف پول
console-delete = حذف
console-confirm_activate = { $name } (#{ $id }) فعال شود؟ ربات آن بلافاصله روشن می‌شود.
console-confirm_deactivate = { $name } (#{ $id }) غیرفعال شود؟ ربات آن بلافاصله متوقف می‌شود.
console-confirm_suspend = { $name } (#{ $id }) معلق شود؟ کاربرانش پیام «سرویس موقتاً متوقف است» را می‌بینند.
console-confirm_resume = تعلیق { $name } (#{ $id }) برداشته شود؟ فروشگاهش دوباره می‌فروشد.
console-confirm_rotate = برای { $name } (#{ $id }) توکن API جدید صادر شود؟ توکن فعلی بلافاصله از کار می‌افتد.
console-token_shown =
    توکن API (فقط همین یک بار نمایش داده می‌شود؛ همین حالا آن را در جای امنی نگه دارید):
    { $token }
console-features_title = قابلیت‌های { $name }. برای روشن یا خاموش کردن، روی هر کدام بزنید.
console-wallet_title =
    کیف پول { $name }
    موجودی: { $balance }
    مدل: { $model }، نرخ هر گیگابایت: { $rate }
    سقف اعتبار: { $credit }
    هشدار موجودی کم زیر: { $low }
    تعلیق زیر: { $suspend }
    آخرین تراکنش‌ها:
console-top_up = شارژ کیف پول
console-top_up_ask = مبلغ را به کوچک‌ترین واحد پول بفرستید و در صورت تمایل پس از آن یک توضیح بنویسید؛ مثلاً «50000 حواله بانکی 12».
console-top_up_confirm =
    مبلغ { $amount } به کیف پول { $name } واریز شود؟
    توضیح: { $note }
console-top_up_replayed = این شارژ قبلاً واریز شده بود؛ چیزی اضافه نشد.
console-delete_ask = با این کار { $name } و همهٔ داده‌هایش حذف می‌شود. برای تأیید، نام آن را دقیقاً بفرستید: { $name }
console-delete_mismatch = نام مطابقت ندارد؛ چیزی حذف نشد.
console-deleted = { $name } حذف شد.
console-new_token = توکن ربات مستأجر جدید را (از @BotFather) بفرستید.
console-new_name = این توکن متعلق به @{ $username } است. نام مستأجر را بفرستید یا از نام ربات استفاده کنید.
console-use_name = استفاده از «{ $name }»
console-new_language = زبان پیش‌فرض مستأجر را انتخاب کنید.
console-new_admins = شناسه‌های تلگرام مدیران مستأجر را با فاصله از هم بفرستید، یا رد شوید.
console-created = مستأجر #{ $id } { $name } (@{ $username }) ساخته شد و رباتش در حال اجراست.
console-stats_text =
    آمار پلتفرم
    مستأجرها: { $tenants }
    کاربران: { $users }
    اشتراک‌های فعال: { $subscriptions }
    { $sales }
    ترافیک صورت‌حساب‌شده (۳۰ روز): { $traffic } گیگابایت
    کیف پول‌های زیر آستانهٔ موجودی کم: { $low }
console-stats_today = امروز: { $count } خرید، { $revenue }
console-stats_7d = ۷ روز: { $count } خرید، { $revenue }
console-stats_30d = ۳۰ روز: { $count } خرید، { $revenue }
console-audit_title = گزارش تغییرات ({ $total } مورد)، جدیدترین اول:
console-token_invalid = تلگرام این توکن را نمی‌پذیرد: { $reason }
console-token_used = این ربات قبلاً توسط یک مستأجر میزبانی می‌شود.
console-telegram_down = ارتباط با تلگرام برقرار نشد. لطفاً یک دقیقهٔ دیگر دوباره امتحان کنید.
console-master_protected = مستأجر اصلی را نمی‌توان این‌گونه تغییر داد.
console-transition_refused = در وضعیت فعلی مستأجر این کار ممکن نیست.
console-feature_not_built = این قابلیت هنوز ساخته نشده و نمی‌توان آن را روشن کرد.
console-not_found = این مستأجر دیگر وجود ندارد.
console-invalid = پذیرفته نشد: { $reason }
alerts-daily_digest =
    گزارش روزانه
    مستأجرهای خراب: { $failed }
    مستأجرهای معلق: { $suspended }
    کیف پول‌های زیر آستانهٔ موجودی کم: { $low_balance }
    رسیدهای کارت‌به‌کارت که بیش از یک ساعت منتظرند: { $receipts }
    برای باز کردن کنسول، ‎/admin را بفرستید.
console-admins = مدیران اصلی
console-admins_text =
    مدیران اصلی
    از تنظیمات (FLEET_MASTER_ADMIN_IDS): { $configured }
    افزوده‌شده در اینجا: { $stored }
    برای حذف یک مدیر افزوده‌شده، روی آن بزنید.
console-admin_add = افزودن مدیر
console-admin_ask = شناسهٔ تلگرام مدیر اصلی جدید را بفرستید.
console-set_rate_per_gb = تعیین نرخ هر گیگابایت
console-set_credit_limit = تعیین سقف اعتبار
console-set_low_balance_threshold = تعیین آستانهٔ موجودی کم
console-set_suspend_threshold = تعیین آستانهٔ تعلیق
console-billing_ask = { $field }: مبلغ را به کوچک‌ترین واحد پول بفرستید (آستانه‌ها می‌توانند منفی باشند).
broadcast-progress_running = 📣 پیام همگانی در حال ارسال است: { $sent } از { $total } ارسال شد، { $blocked } نفر ربات را مسدود کرده‌اند، { $failed } ناموفق.
broadcast-progress_done = ✅ پیام همگانی تمام شد: { $sent } از { $total } ارسال شد، { $blocked } نفر ربات را مسدود کرده‌اند، { $failed } ناموفق.
broadcast-progress_cancelled = ⏹ پیام همگانی لغو شد: { $sent } از { $total } ارسال شد، { $blocked } نفر ربات را مسدود کرده‌اند، { $failed } ناموفق.
broadcast-cancel = ⏹ لغو
broadcast-cancelled = پیام همگانی لغو شد.
tconsole-title = 🛠 { $name }: پنل مدیریت
tconsole-broadcast = 📣 پیام همگانی
tconsole-back = ⬅️ بازگشت
tconsole-bc_ask_text = متن پیام همگانی را بفرستید، یا عکسی با متن در زیرنویس آن.
tconsole-bc_ask_audience = برای چه کسانی ارسال شود؟
tconsole-aud_all = همه
tconsole-aud_active = مشترکان فعال
tconsole-aud_expired = اشتراک‌های منقضی‌شده
tconsole-aud_never = کسانی که هرگز خرید نکرده‌اند
tconsole-bc_preview = ☝️ { $count } گیرنده ({ $audience }) پیام را این‌گونه دریافت می‌کنند.
tconsole-bc_confirm = ✅ ارسال
tconsole-bc_started = در حال ارسال به { $total } کاربر.
tconsole-receipts = 🧾 رسیدها
tconsole-plans = 📦 پلن‌ها
tconsole-cards = 💳 کارت‌ها
tconsole-prev = ◀️ قبلی
tconsole-next = بعدی ▶️
tconsole-on = فعال
tconsole-off = غیرفعال
tconsole-not_a_number = لطفاً یک عدد صحیح بفرستید، مثلاً 150000.
tconsole-rc_none = هیچ رسیدی در انتظار تصمیم نیست.
tconsole-rc_title = 🧾 { $count } رسید در انتظار تصمیم است، قدیمی‌ترین اول:
tconsole-rc_confirm_approve = این پرداخت تأیید و موجودی کاربر شارژ شود؟
tconsole-rc_yes_approve = ✅ بله، تأیید شود
tconsole-rc_ask_reason = دلیلی را که کاربر می‌خواند بفرستید، یا بدون دلیل رد کنید.
tconsole-rc_no_reason = ❌ رد بدون دلیل
tconsole-rc_confirm_reject =
    این پرداخت رد شود؟ کاربر این را می‌خواند:
    { $reason }
tconsole-rc_yes_reject = ❌ بله، رد شود
tconsole-pl_title = 📦 پلن‌ها ({ $count }):
tconsole-pl_card =
    📦 { $name } ({ $state })
    مدت: { $days } روز
    قیمت: { $price }
    ترافیک: { $gb } گیگابایت
    دستگاه‌ها: { $devices }
tconsole-pl_new = ➕ پلن جدید
tconsole-pl_price = ✏️ قیمت
tconsole-pl_activate = ✅ فعال‌سازی
tconsole-pl_deactivate = ⛔ غیرفعال‌سازی
tconsole-pl_ask_name = نام پلن را بفرستید.
tconsole-pl_ask_period_days = مدت آن چند روز است؟
tconsole-pl_ask_price = قیمت را بفرستید (عدد صحیح).
tconsole-pl_ask_traffic_gb = چند گیگابایت ترافیک؟ (0 = نامحدود)
tconsole-pl_ask_device_limit = چند دستگاه؟ (0 = نامحدود)
tconsole-cd_title = 💳 کارت‌ها ({ $count })، انتخاب‌های امروز: { $today }. هر سطر: وزن · انتخاب امروز.
tconsole-cd_card =
    💳 { $number } ({ $state })
    صاحب کارت: { $holder }
    وزن: { $weight }
    انتخاب امروز: { $today }
    تأییدشده: { $ok }، ردشده: { $failed }
tconsole-cd_add = ➕ افزودن کارت
tconsole-cd_strategy = 🔄 چرخش: { $strategy }
tconsole-cd_ask_strategy = کارت‌ها چگونه به نوبت استفاده شوند؟
tconsole-cd_enable = ✅ فعال‌سازی
tconsole-cd_disable = ⛔ غیرفعال‌سازی
tconsole-cd_weight = ⚖️ وزن
tconsole-cd_ask_weight = وزن کارت را بفرستید (عدد صحیح).
tconsole-cd_ask_number = شماره کارت را بفرستید (۱۶ تا ۱۹ رقم).
tconsole-cd_ask_holder = نام صاحب کارت را بفرستید.
common-blocked = متأسفیم، این فروشگاه نمی‌تواند به شما خدمات بدهد. اگر فکر می‌کنید اشتباهی رخ داده، با پشتیبانی فروشگاه تماس بگیرید.
tconsole-users = 👤 کاربران
tconsole-us_ask = شناسه تلگرام، ‎@username یا نام را برای جستجو بفرستید.
tconsole-us_found = یافت‌شده: { $count }. جستجوی دیگری بفرستید یا کاربری را انتخاب کنید:
tconsole-us_card =
    👤 { $user }
    موجودی: { $balance }
    { $sub }
    آخرین تغییرات موجودی:
tconsole-us_sub = اشتراک تا { $until }
tconsole-us_no_sub = بدون اشتراک
tconsole-us_blocked = ⛔ مسدود
tconsole-us_block = ⛔ مسدود کردن
tconsole-us_unblock = ✅ رفع مسدودی
tconsole-us_adjust = 💰 تغییر موجودی
tconsole-us_ask_amount = مبلغ را بفرستید: 5000 افزایش، ‎-5000 کاهش.
tconsole-us_ask_reason = دلیل را بفرستید (در تاریخچه موجودی کاربر ثبت می‌شود).
tconsole-us_confirm =
    موجودی به اندازه { $amount } تغییر کند؟
    دلیل: { $reason }
tconsole-us_yes = ✅ بله، اعمال شود
tconsole-us_no_draft = این تأیید منقضی شده است: کاربر را دوباره باز کنید.
tconsole-stats = 📊 آمار
tconsole-wallet = 👛 کیف پول
tconsole-st_text =
    📊 آمار (امروز / ۷ روز / ۳۰ روز)
    کاربران جدید: { $u1 } / { $u7 } / { $u30 }
    اشتراک‌های فعال: { $active }
    خریدها: { $p1 } / { $p7 } / { $p30 }
    درآمد: { $r1 } / { $r7 } / { $r30 }
    شارژها در ۳۰ روز: { $top_ups }
    آزمایشی ← خرید: { $converted } از { $trials } ({ $percent }%)
tconsole-wl_text =
    👛 کیف پول
    موجودی: { $balance }
    مدل صورتحساب: { $model }
    آخرین هزینه‌ها:
tconsole-wl_none = هنوز هزینه‌ای ثبت نشده است.
tconsole-bc_invalid = این پیام همگانی قابل ارسال نیست: متن باید ۱ تا ۴۰۹۶ نویسه باشد (زیر عکس ۱۰۲۴) و دکمه یک برچسب، یک فاصله و سپس یک پیوند http(s) است.
tconsole-bc_not_found = این پیام همگانی دیگر در حال اجرا نیست.
tconsole-cd_invalid_number = این شماره کارت معتبر نیست.
tconsole-cd_duplicate = این کارت از قبل در فهرست است.
tconsole-not_found = پیدا نشد: شاید حذف شده باشد.
tconsole-pl_duplicate = طرحی با این نام از قبل وجود دارد.
tconsole-us_insufficient = موجودی کاربر نمی‌تواند کمتر از صفر شود.
tconsole-ad_last = هر فروشگاه دست‌کم یک مدیر نگه می‌دارد.
tconsole-ad_self = نمی‌توانید خودتان را حذف کنید؛ مدیر دیگری می‌تواند.
tconsole-ad_too_many = هر فروشگاه حداکثر ۲۰ مدیر دارد.
tconsole-admins = 👥 مدیران
tconsole-ad_title =
    👥 مدیران این فروشگاه (شناسه تلگرام):
    { $ids }
    { "" }
    برای حذف، روی شناسه بزنید.
tconsole-ad_add = ➕ افزودن مدیر
tconsole-ad_ask = شناسه تلگرام مدیر جدید را بفرستید (او کنسول را با /admin باز می‌کند).
tconsole-bc_ask_button = دکمه پیوند اضافه شود؟ برچسب و پیوند را بفرستید، مثلاً «کانال ما https://t.me/example»، یا «بدون دکمه» را بزنید.
tconsole-bc_no_button = بدون دکمه
console-tenant_admins = 👥 مدیران
console-tenant_admins_text =
    👥 مدیران { $name } (شناسه تلگرام): { $ids }
    آن‌ها کنسول فروشگاه را با /admin در ربات آن باز می‌کنند.
support-screen =
    💬 پشتیبانی
    به ما بنویسید: یک مدیر همین‌جا پاسخ می‌دهد.
support-contact = تماس: { $contact }
support-no_tickets = هنوز تیکتی ندارید.
support-tickets_title = تیکت‌های شما:
support-new = ✍️ تیکت جدید
support-ticket_button = #{ $id } · { $status }
support-status_open = 🟡 باز
support-status_answered = 🟢 پاسخ داده شد
support-status_closed = ⚪ بسته
support-ask = ✍️ پیام خود را برای پشتیبانی بنویسید: متن یا عکس (آلبوم هم می‌شود). برای لغو /start را بفرستید.
support-ask_more = ✍️ آنچه می‌خواهید به تیکت #{ $id } اضافه شود بنویسید: متن یا عکس. برای لغو /start را بفرستید.
support-saved = ✅ تیکت #{ $id } ذخیره و برای مدیران فرستاده شد. پاسخ همین‌جا می‌آید. هر چه اکنون بفرستید به آن اضافه می‌شود.
support-saved_waiting = ✅ تیکت #{ $id } ذخیره شد. الان به هیچ مدیری دسترسی نبود: نگه داشته می‌شود و به محض امکان تحویل داده می‌شود و پاسخ همین‌جا می‌آید.
support-added = ✅ به تیکت #{ $id } اضافه شد.
support-added_waiting = ✅ به تیکت #{ $id } اضافه و ذخیره شد؛ به محض دسترسی به مدیران به آن‌ها می‌رسد.
support-ticket =
    🎫 تیکت #{ $id } — { $status }
    { "" }
    { $messages }
support-from_user = شما: { $text }
support-from_admin = پشتیبانی: { $text }
support-photo = { "[" }عکس]
support-add = ➕ افزودن پیام
support-close = ✅ بستن تیکت
support-done = ✔️ تمام
support-list = 📋 تیکت‌های من
support-answer =
    💬 پشتیبانی به تیکت #{ $id } شما پاسخ داد:
    { "" }
    { $text }
support-too_many = شما هم‌اکنون { $limit } تیکت باز دارید. یکی را ببندید یا منتظر پاسخ بمانید.
support-too_long = هر پیام حداکثر { $limit } نویسه می‌تواند داشته باشد. لطفاً آن را در چند بخش بفرستید.
support-empty = متن یا عکس بفرستید.
support-not_found = این تیکت وجود ندارد.
support-closed_already = این تیکت بسته است.
support-not_admin = فقط مدیران این فروشگاه می‌توانند به تیکت‌ها پاسخ دهند.
support-admin_new =
    🎫 تیکت #{ $id } از { $name } (شناسه { $user_id })
    { "" }
    { $text }
    { "" }
    برای پاسخ، به این پیام ریپلای کنید.
support-admin_more =
    🎫 #{ $id } · { $name }:
    { $text }
support-admin_closed = 🎫 تیکت #{ $id } را کاربر بست.
support-admin_sent = ✅ برای کاربر فرستاده شد؛ تیکت #{ $id } پاسخ داده شد.
support-admin_not_reached = ⚠️ در تیکت #{ $id } ذخیره شد، اما به کاربر دسترسی نبود (شاید ربات را مسدود کرده باشد).
support-admin_waiting = 📨 { $count } پیام تیکت منتظر مدیر بود و اکنون تحویل داده شد.
support-admin_list_title = 🎫 تیکت‌های باز: { $total }
support-admin_list_row = #{ $id } · { $status } · کاربر { $user_id } · { $date }
support-admin_list_empty = تیکت بازی نیست.
support-admin_list_more = …و { $count } مورد دیگر.
console-provider_not_configured = این درگاه پرداخت هنوز برای این مستأجر اطلاعات ورود ندارد: ابتدا آن‌ها را تنظیم کنید (کنسول مستأجر: پرداخت آنلاین؛ API: PUT /api/v1/tenants/ID/payment-providers/…) و سپس روشنش کنید.
topup-method_yookassa = 🏦 کارت بانکی (YooKassa)
topup-method_cryptopay = 🪙 رمزارز (CryptoBot)
topup-provider_down = سرویس پرداخت در حال حاضر پاسخ نمی‌دهد و پرداختی ساخته نشد. لطفاً چند دقیقه دیگر دوباره امتحان کنید یا روش دیگری را انتخاب کنید.
topup-online_invoice = پرداخت { $amount } آماده است. برای پرداخت دکمه را بزنید؛ به محض تأیید سرویس پرداخت، موجودی شما شارژ می‌شود.
topup-online_pay = 💳 پرداخت
topup-online_credited = ✅ پرداخت دریافت شد: { $amount } به موجودی شما اضافه شد. موجودی: { $balance }.
topup-online_late = ✅ سرویس پرداخت، پرداخت شما را با تأخیر تأیید کرد: { $amount } به موجودی شما اضافه شد. موجودی: { $balance }.
topup-online_description = شارژ { $amount } در { $shop }
help-line_buy = 🛒 خرید یا تمدید اشتراک VPN
help-line_subscription = 📄 اشتراک شما: لینک، کد QR، راهنمای اتصال، ترافیک، تاریخچه
help-line_trial = 🎁 یک بار آزمایش رایگان
help-line_balance = 💰 افزایش موجودی
help-line_referrals = 👥 دعوت از دوستان و کسب درآمد
help-line_promo = 🏷 وارد کردن کد تخفیف
help-line_support = 💬 نوشتن به پشتیبانی
help-line_language = 🌐 تغییر زبان
help-fallback = من فقط دکمه‌های منو را می‌فهمم. منوی زیر را باز کنید یا /help را بفرستید.
help-menu = 📋 منو
start-choose_language = زبان شما (✓) — برای تغییر، زبان دیگری را بزنید:
sub-renew = 🔁 تمدید
sub-auto_on = 🔄 تمدید خودکار: روشن (برای خاموش کردن بزنید)
sub-auto_off = ⏸ تمدید خودکار: خاموش (برای روشن کردن بزنید)
sub-auto_set_on = تمدید خودکار روشن شد: اشتراک پیش از پایان از موجودی تمدید می‌شود.
sub-auto_set_off = تمدید خودکار خاموش شد.
sub-qr = 📷 کد QR
sub-qr_caption =
    این را در برنامه VPN خود اسکن کنید یا لینک را اضافه کنید:
    { $link }
sub-no_link = لینک اشتراک هنوز آماده نیست. لطفاً یک دقیقه دیگر دوباره امتحان کنید.
sub-platform_ios = iOS
sub-platform_android = Android
sub-platform_windows = Windows
sub-platform_macos = macOS
sub-guide =
    اتصال در { $platform }:
    1. { $app } را نصب کنید: { $url }
    2. لینک اشتراک خود را کپی کنید:
    { $link }
    3. در { $app } آن را از کلیپ‌بورد اضافه کنید (یا کد QR را اسکن کنید) و سپس «اتصال» را بزنید.
sub-install = ⬇️ نصب { $app }
sub-history_title = آخرین تراکنش‌های موجودی:
sub-history_row = { $date }  { $amount }  { $kind }
sub-kind_top_up = افزایش موجودی
sub-kind_purchase = خرید
sub-kind_renewal = تمدید
sub-kind_refund = بازپرداخت
sub-kind_adjustment = اصلاح
sub-kind_referral_bonus = پاداش معرفی
sub-kind_promo = کد تخفیف
console-broadcast = 📣 پیام به مدیران مستأجرها
console-bc_title = به مدیران کدام مستأجرها پیام داده شود؟ هر مدیر پیام را از ربات مستأجر خودش دریافت می‌کند (اگر ربات مستأجر متوقف باشد، از ربات اصلی).
console-bc_all = همه مستأجرها
console-bc_ask_text = متن پیام را بفرستید (حداکثر ۴۰۹۶ نویسه).
console-bc_preview = ☝️ این پیام به { $count } گفتگوی مدیر ({ $audience }) می‌رسد.
console-bc_nobody = مدیری برای پیام وجود ندارد ({ $audience }).
console-bc_send = 📣 ارسال
console-bc_started = در حال ارسال به { $total } گفتگوی مدیر.
tconsole-online_payments = 🌐 پرداخت آنلاین
tconsole-op_title = 🌐 درگاه‌های پرداخت آنلاین (اطلاعات ورود هرگز نمایش داده نمی‌شود):
tconsole-op_yookassa = YooKassa
tconsole-op_cryptopay = Crypto Pay
tconsole-op_not_configured = تنظیم نشده
tconsole-op_live = تنظیم شده
tconsole-op_test = تنظیم شده، حالت آزمایشی
tconsole-op_set = 🔑 تنظیم { $name }
tconsole-op_clear = 🗑 حذف { $name }
tconsole-op_ask_account = shopId یوکاسا را بفرستید (یک عدد).
tconsole-op_ask_mode = حالت آزمایشی یا پرداخت واقعی؟
tconsole-op_mode_test = 🧪 حالت آزمایشی
tconsole-op_mode_live = 💰 واقعی
tconsole-op_ask_secret_yookassa = کلید محرمانه یوکاسا را بفرستید. پیام بلافاصله پس از خواندن از گفتگو حذف می‌شود.
tconsole-op_ask_secret_cryptopay = توکن برنامه Crypto Pay را بفرستید. پیام بلافاصله پس از خواندن از گفتگو حذف می‌شود.
tconsole-op_saved = ✅ ذخیره شد. پیام حاوی رمز شما حذف شد.
tconsole-op_clear_ask = اطلاعات ورود { $name } حذف شود؟ پرداخت از این درگاه دیگر ممکن نخواهد بود.
tconsole-op_clear_yes = 🗑 حذف
tconsole-op_in_use = حذف نشد: درگاه روشن است یا پرداخت‌های در انتظار دارد. آن را خاموش کنید و منتظر تسویه آن‌ها بمانید.
tconsole-promos = 🎟 کدهای تخفیف
tconsole-tickets = 💬 تیکت‌های پشتیبانی
tconsole-pr_title = 🎟 کدهای تخفیف ({ $count }):
tconsole-pr_new = ➕ کد جدید
tconsole-pr_card =
    🎟 { $code } ({ $state })
    نوع: { $kind }
    مقدار: { $value }
    استفاده: { $uses } از { $max }
    معتبر تا: { $until }
tconsole-pr_kind_balance = 💰 افزایش موجودی
tconsole-pr_kind_days = 📅 روزهای اضافه
tconsole-pr_kind_discount = 🏷 تخفیف درصدی
tconsole-pr_value_days = { $value } روز
tconsole-pr_value_discount = { $value }٪ تخفیف خرید بعدی
tconsole-pr_delete = 🗑 حذف
tconsole-pr_delete_ask = کد { $code } حذف شود؟ روزها و تخفیف‌های دریافت‌شده و استفاده‌نشده هم حذف می‌شوند.
tconsole-pr_delete_yes = 🗑 حذف
tconsole-pr_ask_code = کد را بفرستید: ۳ تا ۳۲ حرف، رقم، - یا _ (بزرگی و کوچکی حروف مهم نیست).
tconsole-pr_ask_kind = این کد چه می‌دهد؟
tconsole-pr_ask_value_balance = چه مبلغی اضافه شود؟ یک عدد صحیح (مانند قیمت پلن‌ها).
tconsole-pr_ask_value_days = چند روز اضافه (۱ تا ۳۶۵۰)؟
tconsole-pr_ask_value_discount = چند درصد تخفیف برای خرید بعدی (۱ تا ۱۰۰)؟
tconsole-pr_ask_max_uses = در مجموع چند بار قابل استفاده است؟ (هر کاربر یک بار.)
tconsole-pr_ask_valid_until = آخرین روز اعتبار به صورت YYYY-MM-DD (UTC).
tconsole-pr_unlimited = ♾ نامحدود
tconsole-pr_no_end = ♾ بدون تاریخ پایان
tconsole-pr_taken = کدی با این نام وجود دارد: برگردید و با کد دیگری دوباره شروع کنید.
tconsole-tk_off = تیکت‌های پشتیبانی برای این فروشگاه خاموش است (پلتفرم آن را روشن می‌کند).
tconsole-texts = ✏️ متن‌ها
tconsole-tx_title = ✏️ متن‌ها: سخنان ربات به بیان خودتان. کدام زبان؟
tconsole-tx_ask_key = کلید یک متن را بفرستید، مثلاً menu.title (فهرست کلیدها در مستندات است).
tconsole-tx_card =
    ✏️ { $key } ({ $language })
    پیش‌فرض:
    <pre>{ $default }</pre>
    متن شما:
    <pre>{ $current }</pre>
tconsole-tx_none = — (متن پیش‌فرض به کار می‌رود)
tconsole-tx_replace = ✏️ جایگزینی
tconsole-tx_reset = ↩️ بازگشت به پیش‌فرض
tconsole-tx_ask_text = متن تازه برای { $key } را بفرستید. دقیقاً همین متغیرها را نگه دارید: { $variables }. HTML تلگرام (&lt;b&gt;، &lt;i&gt;، …) مجاز است.
tconsole-tx_saved = ✅ ذخیره شد. کاربران اکنون این را می‌بینند (متغیرها با نامشان):
tconsole-tx_reset_ask = { $key } ({ $language }) به متن پیش‌فرض برگردد؟
tconsole-tx_reset_yes = ↩️ بازگشت
tconsole-tx_reset_done = ↩️ متن پیش‌فرض دوباره به کار می‌رود.
tconsole-tx_unknown = چنین متنی نیست ({ $reason }). کلیدی مانند menu.title بفرستید.
tconsole-tx_invalid = ذخیره نشد: { $reason }. متن را دوباره بفرستید.
