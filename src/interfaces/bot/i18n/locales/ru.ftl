start-greeting = Добро пожаловать в { $name }! Отправьте /help, чтобы узнать, что я умею.
help-text =
    Что я умею здесь:
    { $lines }

    Команды:
    /start - главное меню
    /help - эта справка
whoami-text =
    Тенант #{ $tenant_id } ({ $name }), статус { $status }.
    Вы { $user_id }, администратор этого бота.
common-not_allowed = Эта команда только для администраторов бота.
common-service_paused = Сервис временно приостановлен. Пожалуйста, попробуйте позже.
common-error = Что-то пошло не так. Попробуйте через минуту.
common-stale_button = Эта кнопка устарела. Отправьте /start, чтобы открыть меню заново.
alerts-tenant_failed = Тенант #{ $tenant_id } ({ $name }, @{ $username }) остановлен: Telegram отклонил его токен. Замените токен и активируйте его снова.
menu-title =
    { $name }
    Баланс: { $balance }
    Выберите действие:
menu-buy = 🛒 Купить / Продлить
menu-subscription = 📄 Моя подписка
menu-trial = 🎁 Пробный период
menu-balance = 💰 Баланс и пополнение
menu-referrals = 👥 Рефералы
menu-promo = 🏷 Промокод
menu-support = 💬 Поддержка
menu-language = 🌐 Язык
menu-back = ⬅️ Назад
shop-plans_title = Выберите тариф:
shop-no_plans = Сейчас нет тарифов в продаже.
shop-plan_button = { $name } — { $price }
shop-plan_details =
    { $name }
    Срок: { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    }
    Трафик: { $traffic }
    Устройства: { $devices }
    Цена: { $price }
    { "" }
    Ваш баланс: { $balance }
shop-unlimited = без ограничений
shop-gb = { $gb } ГБ
shop-confirm = ✅ Купить за { $price }
shop-purchased =
    ✅ Готово! Подписка действует до { $date }.
    Ссылка: { $link }
shop-activating = ✅ Оплата получена. Подписка активируется; мы напишем, как только она будет готова.
shop-activation_done = ✅ Подписка активна. Ссылка — в разделе «Моя подписка».
shop-activation_refunded = Не удалось активировать подписку, оплата возвращена на баланс. Обратитесь в поддержку.
shop-insufficient = Недостаточно средств: тариф стоит { $price }, на балансе { $balance }. Не хватает: { $missing }.
shop-top_up_missing = ➕ Пополнить на { $missing }
shop-plan_unavailable = Этот тариф больше не продаётся.
shop-paused = Продажи временно приостановлены. Попробуйте позже.
shop-not_configured = Сейчас невозможно активировать подписку. Попробуйте позже.
shop-no_subscription = У вас пока нет подписки.
shop-subscription =
    Статус: { $status }
    Действует до: { $date } (осталось { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    })
    Трафик: { $used } из { $limit }{ $bar }
    Устройства: { $devices }
    Ссылка: { $link }
shop-panel_slow = Панель сейчас отвечает медленно, поэтому израсходованный трафик не показан. Попробуйте ещё раз через минуту.
shop-status_active = активна
shop-status_expired = истекла
shop-status_activating = активируется
shop-trial_started =
    🎁 Пробный период действует до { $date }.
    Ссылка: { $link }
shop-trial_activating = 🎁 Пробный период активируется; мы напишем, когда он будет готов.
shop-trial_used = Вы уже использовали пробный период.
shop-trial_not_offered = Пробный период только для новых клиентов: у вас уже есть подписка.
shop-plan_changed = ⚠️ Тариф изменился после того, как вы его открыли. Вот текущие условия; подтвердите покупку снова.
shop-feature_off = Эта функция недоступна.
shop-balance = Ваш баланс: { $balance }
shop-no_top_up = Пополнение в этом магазине пока недоступно.
shop-referrals =
    👥 Приглашайте друзей по своей ссылке:
    { $link }
    { "" }
    Вы получаете { $percent }% от { $source }.
    Приглашено: { $invited }
    Оплатили: { $paid }
    Заработано: { $earned }
shop-support = Поддержка: { $contact }
shop-language_title = Выберите язык:
shop-language_set = Язык: русский.
shop-auto_renewed = 🔄 Подписка продлена с баланса и действует до { $date }.
shop-expiry_reminder = ⏰ Подписка заканчивается { $date } (через { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    }). Продлите её в меню.
shop-register_first = Сначала отправьте /start.
topup-menu = Выберите способ пополнения:
topup-menu_missing = Пополните баланс на { $amount }, чтобы купить тариф. Выберите способ:
topup-method_card = 💳 Перевод на карту
topup-method_stars = ⭐ Telegram Stars
topup-cancel = ❌ Отмена
topup-cancelled = Пополнение отменено.
topup-ask_amount = На какую сумму пополнить? Отправьте сумму от { $min } до { $max }.
topup-bad_amount = Это не сумма. Отправьте число, например { $example }.
topup-out_of_range = Сумма должна быть от { $min } до { $max }.
topup-card_offer =
    Переведите ровно { $amount } на эту карту:
    { "" }
    { $number }
    { $holder }
    { "" }
    Затем отправьте сюда чек: фото, текст (номер операции) или фото с подписью.
topup-send_receipt = Пожалуйста, отправьте чек фотографией или текстом.
topup-receipt_received =
    🧾 Чек получен. Номер заявки: { $tracking }
    Администратор скоро проверит его, и мы вам напишем.
topup-too_many_pending = У вас уже { $limit ->
        [one] { $limit } пополнение ждёт
        [few] { $limit } пополнения ждут
        [many] { $limit } пополнений ждут
       *[other] { $limit } пополнения ждут
    } проверки. Дождитесь, пока их проверят.
topup-no_card = Переводы на карту сейчас недоступны. Попробуйте позже.
topup-c2c_approved = ✅ Пополнение { $tracking } на { $amount } подтверждено. Баланс: { $balance }.
topup-c2c_rejected = ❌ Пополнение { $tracking } на { $amount } отклонено. Если это ошибка, напишите в поддержку, указав номер заявки.
topup-c2c_expired = ⌛ Пополнение { $tracking } на { $amount } не проверили вовремя, заявка истекла. Если вы оплатили, напишите в поддержку, указав номер заявки.
topup-stars_title = Пополнение { $amount }
topup-stars_description = { $amount } на ваш баланс в { $shop }.
topup-stars_label = Пополнение баланса
topup-stars_credited = ⭐ Оплата получена: { $stars } Stars. На баланс зачислено { $amount }. Баланс: { $balance }.
topup-stars_declined = Сейчас этот платёж принять нельзя. Запросите новый счёт.
topup-purchase_short = Баланса всё ещё не хватает на тариф. Откройте меню, чтобы пополнить ещё.
topup-purchase_failed = Не удалось автоматически купить тариф. Деньги остались на балансе; купите тариф в меню.
receipt-admin =
    🧾 Пополнение { $tracking }
    Сумма: { $amount }
    Пользователь: { $user }
    Карта: { $card }
    Отправлено: { $sent }
receipt-text = Чек: { $text }
receipt-note = Примечание: { $note }
receipt-approve = ✅ Подтвердить
receipt-reject = ❌ Отклонить
receipt-details = ℹ️ Подробнее
receipt-approved_by = ✅ Подтвердил(а) { $who }
receipt-rejected_by = ❌ Отклонил(а) { $who }
receipt-expired = ⌛ Истекло без решения
receipt-done_approved = Подтверждено { $tracking }: зачислено { $amount }.
receipt-done_rejected = Отклонено { $tracking } ({ $amount }).
receipt-already = Этот платёж уже { $status }.
receipt-not_found = Платёж не найден.
receipt-not_admin = Проверять платежи могут только администраторы этого магазина.
receipt-details_text =
    { $tracking }: { $status }
    { $amount }
    Пользователь { $telegram_id }, баланс { $balance }, ожидают { $pending }
    Истекает { $expires }
receipt-status_pending = ожидает проверки
receipt-status_approved = подтверждён
receipt-status_rejected = отклонён
receipt-status_expired = истёк
shop-temporarily_unavailable = Этот тариф временно недоступен. Пожалуйста, попробуйте позже.
wallet-low_balance = ⚠️ В кошельке вашего магазина заканчиваются средства: баланс { $balance }, это меньше { $threshold }. Попросите платформу пополнить его, пока магазин не приостановлен.
wallet-suspended = ⛔️ Ваш магазин приостановлен: баланс кошелька { $balance } меньше { $threshold }. Пользователи видят, что сервис приостановлен, и ничего не продаётся, пока кошелёк не пополнят.
wallet-resumed = ✅ Ваш магазин снова работает: баланс кошелька { $balance }.
wallet-sale_refused_limit = ⚠️ Продажа «{ $plan }» отклонена: она стоит вашему кошельку { $charge }, а баланс и кредитный лимит покрывают только { $available }. Попросите платформу пополнить кошелёк.
wallet-sale_refused_unlimited = ⚠️ Продажа безлимитного тарифа «{ $plan }» отклонена: для вашего кошелька не задана оптовая цена безлимитных тарифов. Попросите платформу её задать.
topup-receipt_already = 🧾 Чек за этот перевод уже записан (номер заявки { $tracking }). Один перевод — один чек: чтобы оплатить ещё раз, начните новое пополнение из меню.
topup-receipt_unseen =
    🧾 Чек записан. Номер заявки: { $tracking }
    Пока ни с одним администратором магазина не удалось связаться, поэтому проверка может занять больше времени. Чек сохранён и будет показан первому администратору, который выйдет на связь; мы напишем вам, когда его проверят.
topup-raised_to_min = Для тарифа не хватает { $missing }, но минимальное пополнение картой — { $min }, поэтому сумма — { $amount }. Остаток после покупки останется на балансе.
topup-amount_rounded = Суммы считаются с точностью до копейки: { $typed } округлено до { $amount } (от половины копейки — вверх).
topup-stars_rounded = Stars оплачиваются целыми звёздами, одна звезда — { $rate }: для { $asked } нужно { $exact } Stars, с округлением вверх — { $stars } Stars, поэтому на баланс будет зачислено { $amount }.
receipt-waiting_for_you = 🧾 Вашей проверки { $count ->
        [one] ждёт { $count } чек
        [few] ждут { $count } чека
        [many] ждут { $count } чеков
       *[other] ждут { $count } чека
    }. Раньше их не удалось показать ни одному администратору. Вот они.
alerts-receipts_unseen = Арендатор #{ $tenant_id } ({ $name }, @{ $username }): чеки (card-to-card) ждут больше часа ({ $count }), и ни одному администратору их не удалось показать (администраторы не запускали бота или чат администраторов его не принимает). Попросите администраторов отправить /start своему боту.
referral-source_top_up = каждого их пополнения
referral-source_purchase = каждой их покупки
referral-bonus_credited = 👥 Реферальный бонус: за оплату друга на баланс зачислено { $amount }. Баланс: { $balance }.
referral-welcome_credited = 🎁 Приветственный бонус: за первое пополнение на баланс зачислено { $amount }. Баланс: { $balance }.
promo-ask = 🎟 Отправьте промокод сообщением.
promo-balance_credited = 🎟 Промокод принят: на баланс зачислено { $amount }. Баланс: { $balance }.
promo-days_added = 🎟 Промокод принят: к подписке { $days ->
        [one] добавлен { $days } день
        [few] добавлено { $days } дня
        [many] добавлено { $days } дней
       *[other] добавлено { $days } дня
    }. Теперь она действует до { $date }.
promo-days_pending = 🎟 Промокод принят: к следующей подписке { $days ->
        [one] добавится { $days } день
        [few] добавятся { $days } дня
        [many] добавятся { $days } дней
       *[other] добавятся { $days } дня
    }.
promo-discount_pending = 🎟 Промокод принят: скидка { $percent }% на следующую покупку, пока промокод действует.
promo-refused_unknown = Такого промокода нет. Проверьте его и отправьте ещё раз.
promo-refused_expired = Этот промокод сейчас не действует.
promo-refused_used_up = Этот промокод больше нельзя использовать: он исчерпан.
promo-refused_already_used = Вы уже использовали этот промокод.
promo-too_many = Слишком много неверных промокодов. Попробуйте снова через час.
shop-promo_soon = Промокоды скоро появятся.
console-home = Консоль владельца платформы. Что будем настраивать?
console-tenants = Арендаторы
console-new_tenant = Новый арендатор
console-stats = Статистика
console-audit = Журнал действий
console-back = « Назад
console-cancel = Отмена
console-yes = Да, подтверждаю
console-prev = ‹ Назад
console-next = Далее ›
console-skip = Пропустить
console-list_title = Арендаторы ({ $total }):
console-list_empty = Ничего не найдено.
console-search_hint = Для поиска отправьте название, имя бота или id.
console-filter_all = Все
console-filter_active = Активные
console-filter_suspended = Приостановленные
console-filter_disabled = Отключённые
console-filter_failed = Сбойные
console-status_active = активен
console-status_suspended = приостановлен
console-status_disabled = отключён
console-status_failed = сбой
console-card =
    Арендатор #{ $id }: { $name }
    Статус: { $status }
    Бот: @{ $username }
    Создан: { $created }
    Пользователей: { $users }
    Активных подписок: { $subscriptions }
    Выручка за 30 дней: { $revenue }
    Баланс кошелька: { $balance }
console-do_activate = Включить
console-do_deactivate = Отключить
console-do_suspend = Приостановить
console-do_resume = Возобновить
console-do_rotate = Новый API-токен
console-features = Функции
console-wallet = Кошелёк
console-delete = Удалить
console-confirm_activate = Включить { $name } (#{ $id })? Бот сразу запустится.
console-confirm_deactivate = Отключить { $name } (#{ $id })? Бот сразу остановится.
console-confirm_suspend = Приостановить { $name } (#{ $id })? Пользователи увидят «сервис временно недоступен».
console-confirm_resume = Возобновить { $name } (#{ $id })? Магазин снова начнёт продавать.
console-confirm_rotate = Выпустить новый API-токен для { $name } (#{ $id })? Текущий токен сразу перестанет работать.
console-token_shown =
    API-токен (показывается только один раз, сохраните его сейчас в надёжном месте):
    { $token }
console-features_title = Функции { $name }. Нажмите, чтобы включить или выключить.
console-wallet_title =
    Кошелёк { $name }
    Баланс: { $balance }
    Модель: { $model }, цена за ГиБ: { $rate }
    Кредитный лимит: { $credit }
    Предупреждение о низком балансе ниже: { $low }
    Приостановка ниже: { $suspend }
    Последние операции:
console-top_up = Пополнить
console-top_up_ask = Отправьте сумму в минимальных единицах и, если нужно, комментарий, например «50000 банковский перевод 12».
console-top_up_confirm =
    Зачислить { $amount } на кошелёк { $name }?
    Комментарий: { $note }
console-top_up_replayed = Это пополнение уже зачислено, повторно ничего не добавлено.
console-delete_ask = Будут удалены { $name } и все его данные. Для подтверждения отправьте название точно: { $name }
console-delete_mismatch = Название не совпадает, ничего не удалено.
console-deleted = { $name } удалён.
console-new_token = Отправьте токен бота нового арендатора (из @BotFather).
console-new_name = Токен принадлежит @{ $username }. Отправьте название арендатора или используйте имя бота.
console-use_name = Взять «{ $name }»
console-new_language = Выберите язык арендатора по умолчанию.
console-new_admins = Отправьте Telegram id администраторов арендатора через пробел или пропустите шаг.
console-created = Арендатор #{ $id } { $name } (@{ $username }) создан, его бот уже работает.
console-stats_text =
    Статистика платформы
    Арендаторы: { $tenants }
    Пользователей: { $users }
    Активных подписок: { $subscriptions }
    { $sales }
    Трафик к оплате (30 дней): { $traffic } ГиБ
    Кошельков ниже порога низкого баланса: { $low }
console-stats_today = Сегодня: { $count ->
        [one] { $count } покупка
        [few] { $count } покупки
        [many] { $count } покупок
       *[other] { $count } покупки
    }, { $revenue }
console-stats_7d = 7 дней: { $count ->
        [one] { $count } покупка
        [few] { $count } покупки
        [many] { $count } покупок
       *[other] { $count } покупки
    }, { $revenue }
console-stats_30d = 30 дней: { $count ->
        [one] { $count } покупка
        [few] { $count } покупки
        [many] { $count } покупок
       *[other] { $count } покупки
    }, { $revenue }
console-audit_title = Журнал действий (записей: { $total }), сначала новые:
console-token_invalid = Telegram не принимает этот токен: { $reason }
console-token_used = Этот бот уже подключён у одного из арендаторов.
console-telegram_down = Не удалось связаться с Telegram. Попробуйте через минуту.
console-master_protected = Главного арендатора так изменить нельзя.
console-transition_refused = В текущем статусе арендатора это невозможно.
console-feature_not_built = Эта функция ещё не реализована, включить её нельзя.
console-not_found = Этого арендатора больше нет.
console-invalid = Не принято: { $reason }
alerts-daily_digest =
    Ежедневная сводка
    Арендаторов со сбоем: { $failed }
    Приостановленных арендаторов: { $suspended }
    Кошельков ниже порога низкого баланса: { $low_balance }
    Чеков перевода на карту, ждущих больше часа: { $receipts }
    Отправьте /admin, чтобы открыть консоль.
console-admins = Администраторы платформы
console-admins_text =
    Администраторы платформы
    Из настроек (FLEET_MASTER_ADMIN_IDS): { $configured }
    Добавлены здесь: { $stored }
    Нажмите на добавленного администратора, чтобы удалить его.
console-admin_add = Добавить администратора
console-admin_ask = Отправьте Telegram id нового администратора платформы.
console-set_rate_per_gb = Задать цену за ГиБ
console-set_credit_limit = Задать кредитный лимит
console-set_low_balance_threshold = Задать порог низкого баланса
console-set_suspend_threshold = Задать порог приостановки
console-billing_ask = { $field }: отправьте сумму в минимальных единицах (пороги могут быть отрицательными).
broadcast-progress_running = 📣 Идёт рассылка: отправлено { $sent } из { $total }, заблокировали бота { $blocked }, ошибок { $failed }.
broadcast-progress_done = ✅ Рассылка завершена: отправлено { $sent } из { $total }, заблокировали бота { $blocked }, ошибок { $failed }.
broadcast-progress_cancelled = ⏹ Рассылка отменена: отправлено { $sent } из { $total }, заблокировали бота { $blocked }, ошибок { $failed }.
broadcast-cancel = ⏹ Отменить
broadcast-cancelled = Рассылка отменена.
tconsole-title = 🛠 { $name }: панель администратора
tconsole-broadcast = 📣 Рассылка
tconsole-back = ⬅️ Назад
tconsole-bc_ask_text = Пришлите текст рассылки или фото с текстом в подписи.
tconsole-bc_ask_audience = Кому отправить?
tconsole-aud_all = Всем
tconsole-aud_active = С активной подпиской
tconsole-aud_expired = С истёкшей подпиской
tconsole-aud_never = Ничего не покупали
tconsole-bc_preview = ☝️ Так рассылку получат { $count } получателей ({ $audience }).
tconsole-bc_confirm = ✅ Отправить
tconsole-bc_started = Отправляем { $total } пользователям.
tconsole-receipts = 🧾 Чеки
tconsole-plans = 📦 Тарифы
tconsole-cards = 💳 Карты
tconsole-prev = ◀️ Назад
tconsole-next = Далее ▶️
tconsole-on = активен
tconsole-off = отключён
tconsole-not_a_number = Отправьте целое число, например 150000.
tconsole-rc_none = Нет чеков, ожидающих решения.
tconsole-rc_title = 🧾 Ожидают решения: { $count }, сначала самые старые:
tconsole-rc_confirm_approve = Подтвердить платёж и зачислить сумму на баланс пользователя?
tconsole-rc_yes_approve = ✅ Да, подтвердить
tconsole-rc_ask_reason = Отправьте причину для пользователя или отклоните без причины.
tconsole-rc_no_reason = ❌ Отклонить без причины
tconsole-rc_confirm_reject =
    Отклонить платёж? Пользователь прочитает:
    { $reason }
tconsole-rc_yes_reject = ❌ Да, отклонить
tconsole-pl_title = 📦 Тарифы ({ $count }):
tconsole-pl_card =
    📦 { $name } ({ $state })
    Срок: { $days } дн.
    Цена: { $price }
    Трафик: { $gb } ГБ
    Устройства: { $devices }
tconsole-pl_new = ➕ Новый тариф
tconsole-pl_price = ✏️ Цена
tconsole-pl_activate = ✅ Включить
tconsole-pl_deactivate = ⛔ Отключить
tconsole-pl_ask_name = Отправьте название тарифа.
tconsole-pl_ask_period_days = Сколько дней он действует?
tconsole-pl_ask_price = Отправьте цену (целое число).
tconsole-pl_ask_traffic_gb = Сколько ГБ трафика? (0 — без ограничений)
tconsole-pl_ask_device_limit = Сколько устройств? (0 — без ограничений)
tconsole-cd_title = 💳 Карты ({ $count }), выбрано сегодня: { $today }. В строке: вес · выбрано сегодня.
tconsole-cd_card =
    💳 { $number } ({ $state })
    Владелец: { $holder }
    Вес: { $weight }
    Выбрана сегодня: { $today }
    Подтверждено: { $ok }, отклонено: { $failed }
tconsole-cd_add = ➕ Добавить карту
tconsole-cd_strategy = 🔄 Ротация: { $strategy }
tconsole-cd_ask_strategy = Как чередовать карты?
tconsole-cd_enable = ✅ Включить
tconsole-cd_disable = ⛔ Отключить
tconsole-cd_weight = ⚖️ Вес
tconsole-cd_ask_weight = Отправьте вес карты (целое число).
tconsole-cd_ask_number = Отправьте номер карты (от 16 до 19 цифр).
tconsole-cd_ask_holder = Отправьте имя владельца карты.
common-blocked = Извините, этот магазин не может вас обслужить. Если вы считаете это ошибкой, свяжитесь с поддержкой магазина.
tconsole-users = 👤 Пользователи
tconsole-us_ask = Отправьте Telegram id, @username или имя для поиска.
tconsole-us_found = Найдено: { $count }. Отправьте другой запрос или выберите пользователя:
tconsole-us_card =
    👤 { $user }
    Баланс: { $balance }
    { $sub }
    Последние изменения баланса:
tconsole-us_sub = Подписка до { $until }
tconsole-us_no_sub = Нет подписки
tconsole-us_blocked = ⛔ Заблокирован
tconsole-us_block = ⛔ Заблокировать
tconsole-us_unblock = ✅ Разблокировать
tconsole-us_adjust = 💰 Изменить баланс
tconsole-us_ask_amount = Отправьте сумму: 5000 — зачислить, -5000 — списать.
tconsole-us_ask_reason = Отправьте причину (она сохранится в истории баланса).
tconsole-us_confirm =
    Изменить баланс на { $amount }?
    Причина: { $reason }
tconsole-us_yes = ✅ Да, применить
tconsole-us_no_draft = Это подтверждение устарело: откройте пользователя снова.
tconsole-stats = 📊 Статистика
tconsole-wallet = 👛 Кошелёк
tconsole-st_text =
    📊 Статистика (сегодня / 7 дней / 30 дней)
    Новые пользователи: { $u1 } / { $u7 } / { $u30 }
    Активные подписки: { $active }
    Покупки: { $p1 } / { $p7 } / { $p30 }
    Выручка: { $r1 } / { $r7 } / { $r30 }
    Пополнения за 30 дней: { $top_ups }
    Пробный → платный: { $converted } из { $trials } ({ $percent }%)
tconsole-wl_text =
    👛 Кошелёк
    Баланс: { $balance }
    Модель оплаты: { $model }
    Последние списания:
tconsole-wl_none = Списаний пока нет.
tconsole-bc_invalid = Рассылку нельзя отправить: текст — от 1 до 4096 символов (1024 под фото), а кнопка — подпись, пробел и ссылка http(s).
tconsole-bc_not_found = Эта рассылка уже не идёт.
tconsole-cd_invalid_number = Это неверный номер карты.
tconsole-cd_duplicate = Эта карта уже есть в списке.
tconsole-not_found = Не найдено: возможно, удалено.
tconsole-pl_duplicate = Тариф с таким названием уже есть.
tconsole-us_insufficient = Баланс пользователя не может стать меньше нуля.
tconsole-ad_last = У магазина должен остаться хотя бы один администратор.
tconsole-ad_self = Себя удалить нельзя — это может сделать другой администратор.
tconsole-ad_too_many = У магазина не больше 20 администраторов.
tconsole-admins = 👥 Администраторы
tconsole-ad_title =
    👥 Администраторы магазина (Telegram id):
    { $ids }
    { "" }
    Нажмите на id, чтобы удалить его.
tconsole-ad_add = ➕ Добавить администратора
tconsole-ad_ask = Отправьте Telegram id нового администратора (консоль открывается командой /admin).
tconsole-bc_ask_button = Добавить кнопку-ссылку? Отправьте подпись и ссылку, например «Наш канал https://t.me/example», или нажмите «Без кнопки».
tconsole-bc_no_button = Без кнопки
console-tenant_admins = 👥 Администраторы
console-tenant_admins_text =
    👥 Администраторы { $name } (Telegram id): { $ids }
    Они открывают консоль магазина командой /admin в его боте.
support-screen =
    💬 Поддержка
    Напишите нам: администратор ответит здесь.
support-contact = Контакт: { $contact }
support-no_tickets = У вас пока нет обращений.
support-tickets_title = Ваши обращения:
support-new = ✍️ Новое обращение
support-ticket_button = #{ $id } · { $status }
support-status_open = 🟡 открыто
support-status_answered = 🟢 есть ответ
support-status_closed = ⚪ закрыто
support-ask = ✍️ Напишите сообщение в поддержку: текст или фото (можно альбомом). Чтобы отменить, отправьте /start.
support-ask_more = ✍️ Напишите, что добавить к обращению #{ $id }: текст или фото. Чтобы отменить, отправьте /start.
support-saved = ✅ Обращение #{ $id } сохранено и отправлено администраторам. Ответ придёт сюда. Всё, что вы отправите сейчас, добавится к нему.
support-saved_waiting = ✅ Обращение #{ $id } сохранено. Сейчас ни один администратор недоступен: оно сохранено и будет доставлено, как только это станет возможно; ответ придёт сюда.
support-added = ✅ Добавлено к обращению #{ $id }.
support-added_waiting = ✅ Добавлено к обращению #{ $id } и сохранено; администраторы получат его, как только будут доступны.
support-ticket =
    🎫 Обращение #{ $id } — { $status }
    { "" }
    { $messages }
support-from_user = Вы: { $text }
support-from_admin = Поддержка: { $text }
support-photo = { "[" }фото]
support-add = ➕ Добавить сообщение
support-close = ✅ Закрыть обращение
support-done = ✔️ Готово
support-list = 📋 Мои обращения
support-answer =
    💬 Поддержка ответила на обращение #{ $id }:
    { "" }
    { $text }
support-too_many = У вас уже { $limit } открытых обращения. Закройте одно или дождитесь ответа.
support-too_long = Сообщение может содержать не более { $limit } символов. Отправьте его частями.
support-empty = Отправьте текст или фото.
support-not_found = Такого обращения нет.
support-closed_already = Это обращение закрыто.
support-not_admin = Отвечать на обращения могут только администраторы этого магазина.
support-admin_new =
    🎫 Обращение #{ $id } от { $name } (id { $user_id })
    { "" }
    { $text }
    { "" }
    Ответьте на это сообщение, чтобы ответить пользователю.
support-admin_more =
    🎫 #{ $id } · { $name }:
    { $text }
support-admin_closed = 🎫 Обращение #{ $id } закрыто пользователем.
support-admin_sent = ✅ Отправлено пользователю; обращение #{ $id } отвечено.
support-admin_not_reached = ⚠️ Сохранено в обращении #{ $id }, но пользователь недоступен (возможно, он заблокировал бота).
support-admin_waiting = 📨 Сообщений обращений, ждавших администратора: { $count }; они доставлены сейчас.
support-admin_list_title = 🎫 Открытых обращений: { $total }
support-admin_list_row = #{ $id } · { $status } · пользователь { $user_id } · { $date }
support-admin_list_empty = Открытых обращений нет.
support-admin_list_more = …и ещё { $count }.
console-provider_not_configured = У этого платёжного сервиса ещё нет ключей для этого арендатора: сначала задайте их (консоль арендатора: Онлайн-оплата; API: PUT /api/v1/tenants/ID/payment-providers/…), затем включите.
topup-method_yookassa = 🏦 Банковская карта (ЮKassa)
topup-method_cryptopay = 🪙 Криптовалюта (CryptoBot)
topup-provider_down = Платёжный сервис сейчас не отвечает, поэтому платёж не создан. Попробуйте через несколько минут или выберите другой способ.
topup-online_invoice = Платёж на { $amount } готов. Нажмите кнопку, чтобы оплатить: баланс пополнится, как только платёжный сервис подтвердит оплату.
topup-online_pay = 💳 Оплатить
topup-online_credited = ✅ Оплата получена: на баланс зачислено { $amount }. Баланс: { $balance }.
topup-online_late = ✅ Платёжный сервис подтвердил вашу оплату с опозданием: { $amount } всё же зачислено на баланс. Баланс: { $balance }.
topup-online_description = Пополнение баланса на { $amount } в { $shop }
help-line_buy = 🛒 купить или продлить VPN-подписку
help-line_subscription = 📄 ваша подписка: ссылка, QR-код, как подключиться, трафик, история
help-line_trial = 🎁 один раз попробовать бесплатно
help-line_balance = 💰 пополнить баланс
help-line_referrals = 👥 приглашать друзей и зарабатывать
help-line_promo = 🏷 ввести промокод
help-line_support = 💬 написать в поддержку
help-line_language = 🌐 сменить язык
help-fallback = Я понимаю только кнопки меню. Откройте меню ниже или отправьте /help.
help-menu = 📋 Меню
start-choose_language = Ваш язык (✓) — нажмите другой, чтобы сменить:
sub-renew = 🔁 Продлить
sub-auto_on = 🔄 Автопродление: вкл. (нажмите, чтобы выключить)
sub-auto_off = ⏸ Автопродление: выкл. (нажмите, чтобы включить)
sub-auto_set_on = Автопродление включено: подписка продлится с баланса до окончания.
sub-auto_set_off = Автопродление выключено.
sub-qr = 📷 QR-код
sub-qr_caption =
    Отсканируйте его в VPN-приложении или добавьте ссылку:
    { $link }
sub-no_link = Ссылка на подписку ещё не готова. Попробуйте через минуту.
sub-platform_ios = iOS
sub-platform_android = Android
sub-platform_windows = Windows
sub-platform_macos = macOS
sub-guide =
    Подключение на { $platform }:
    1. Установите { $app }: { $url }
    2. Скопируйте ссылку на подписку:
    { $link }
    3. В { $app } добавьте её из буфера обмена (или отсканируйте QR-код) и нажмите «Подключить».
sub-install = ⬇️ Установить { $app }
sub-history_title = Последние движения по балансу:
sub-history_row = { $date }  { $amount }  { $kind }
sub-kind_top_up = пополнение
sub-kind_purchase = покупка
sub-kind_renewal = продление
sub-kind_refund = возврат
sub-kind_adjustment = корректировка
sub-kind_referral_bonus = реферальный бонус
sub-kind_promo = промокод
console-broadcast = 📣 Написать админам арендаторов
console-bc_title = Админам каких арендаторов написать? Каждый админ получит сообщение через бота своего арендатора (через мастер-бот, если бот арендатора остановлен).
console-bc_all = Все арендаторы
console-bc_ask_text = Отправьте текст сообщения (до 4 096 символов).
console-bc_preview = ☝️ Так сообщение увидят { $count } чатов админов ({ $audience }).
console-bc_nobody = Некому писать: нет админов ({ $audience }).
console-bc_send = 📣 Отправить
console-bc_started = Отправляем в { $total } чатов админов.
tconsole-online_payments = 🌐 Онлайн-оплата
tconsole-op_title = 🌐 Онлайн-платёжные сервисы (ключи никогда не показываются):
tconsole-op_yookassa = ЮKassa
tconsole-op_cryptopay = Crypto Pay
tconsole-op_not_configured = не настроен
tconsole-op_live = настроен
tconsole-op_test = настроен, тестовый режим
tconsole-op_set = 🔑 Задать { $name }
tconsole-op_clear = 🗑 Удалить { $name }
tconsole-op_ask_account = Отправьте shopId ЮKassa (число).
tconsole-op_ask_mode = Тестовый режим или настоящие платежи?
tconsole-op_mode_test = 🧪 Тестовый режим
tconsole-op_mode_live = 💰 Боевой
tconsole-op_ask_secret_yookassa = Отправьте секретный ключ ЮKassa. Сообщение будет удалено из чата сразу после прочтения.
tconsole-op_ask_secret_cryptopay = Отправьте токен приложения Crypto Pay. Сообщение будет удалено из чата сразу после прочтения.
tconsole-op_saved = ✅ Сохранено. Ваше сообщение с секретом удалено.
tconsole-op_clear_ask = Удалить ключи { $name }? Оплата через него станет невозможна.
tconsole-op_clear_yes = 🗑 Удалить
tconsole-op_in_use = Не удалено: сервис включён или через него ещё есть ожидающие платежи. Выключите его и дождитесь их завершения.
tconsole-promos = 🎟 Промокоды
tconsole-tickets = 💬 Обращения
tconsole-pr_title = 🎟 Промокоды ({ $count }):
tconsole-pr_new = ➕ Новый код
tconsole-pr_card =
    🎟 { $code } ({ $state })
    Тип: { $kind }
    Значение: { $value }
    Использован: { $uses } из { $max }
    Действует по: { $until }
tconsole-pr_kind_balance = 💰 Пополнение баланса
tconsole-pr_kind_days = 📅 Дополнительные дни
tconsole-pr_kind_discount = 🏷 Скидка в процентах
tconsole-pr_value_days = { $value } дн.
tconsole-pr_value_discount = скидка { $value }% на следующую покупку
tconsole-pr_delete = 🗑 Удалить
tconsole-pr_delete_ask = Удалить код { $code }? Полученные, но не использованные дни и скидки пропадут.
tconsole-pr_delete_yes = 🗑 Удалить
tconsole-pr_ask_code = Отправьте код: от 3 до 32 букв, цифр, - или _ (регистр при вводе не важен).
tconsole-pr_ask_kind = Что он даёт?
tconsole-pr_ask_value_balance = Сколько зачислить? Целое число (как цены тарифов).
tconsole-pr_ask_value_days = Сколько дополнительных дней (1–3650)?
tconsole-pr_ask_value_discount = Какая скидка на следующую покупку, в процентах (1–100)?
tconsole-pr_ask_max_uses = Сколько использований всего? (Каждый пользователь — один раз.)
tconsole-pr_ask_valid_until = Последний день действия в формате ГГГГ-ММ-ДД (UTC).
tconsole-pr_unlimited = ♾ Без ограничений
tconsole-pr_no_end = ♾ Бессрочно
tconsole-pr_taken = Промокод с таким именем уже есть: вернитесь и начните заново с другим кодом.
tconsole-tk_off = Обращения в поддержку для этого магазина выключены (их включает платформа).
tconsole-texts = ✏️ Тексты
tconsole-tx_title = ✏️ Тексты: слова бота в вашей редакции. Какой язык?
tconsole-tx_ask_key = Отправьте ключ текста, например menu.title (список ключей — в документации).
tconsole-tx_card =
    ✏️ { $key } ({ $language })
    По умолчанию:
    <pre>{ $default }</pre>
    Ваш:
    <pre>{ $current }</pre>
tconsole-tx_none = — (действует текст по умолчанию)
tconsole-tx_replace = ✏️ Заменить
tconsole-tx_reset = ↩️ Вернуть по умолчанию
tconsole-tx_ask_text = Отправьте новый текст для { $key }. Сохраните ровно эти переменные: { $variables }. Можно Telegram HTML (&lt;b&gt;, &lt;i&gt;, …).
tconsole-tx_saved = ✅ Сохранено. Пользователи теперь видят (переменные показаны по имени):
tconsole-tx_reset_ask = Вернуть { $key } ({ $language }) к тексту по умолчанию?
tconsole-tx_reset_yes = ↩️ Вернуть
tconsole-tx_reset_done = ↩️ Снова действует текст по умолчанию.
tconsole-tx_unknown = Такого текста нет ({ $reason }). Отправьте ключ, например menu.title.
tconsole-tx_invalid = Не сохранено: { $reason }. Отправьте текст ещё раз.
