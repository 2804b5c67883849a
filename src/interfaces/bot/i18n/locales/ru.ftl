start-greeting = Добро пожаловать в { $name }! Отправьте /help, чтобы узнать, что я умею.
help-text =
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
    Трафик: { $used } из { $limit }
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
