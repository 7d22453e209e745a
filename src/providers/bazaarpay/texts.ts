/**
 * BazaarPay's texts, copied byte for byte from specs/bazaarpay.md by a script (§1.4 shared error
 * responses, §1.5.10 the DirectPay error table, §1.5.11, §1.5.13). Do not retype them.
 */
export const TEXT = {
  "not_authenticated": "اطلاعات برای اعتبارسنجی ارسال نشده است.",
  "permission_denied": "شما دسترسی لازم را ندارید.",
  "server_error": "خطایی سمت سرور رخ داده‌است",
  "not_authenticated_en": "Information not submitted for validation.",
  "permission_denied_en": "You do not have the necessary access..",
  "server_error_en": "A server-side error has occurred.",
  "blank": "این فیلد نمی‌تواند خالی باشد.",
  "invalid_choice_suffix": " یک انتخاب معتبر نیست.",
  "invalid_request": "درخواست نامعتبر است",
  "required": "این مقدار لازم است.",
  "contract_token_invalid": "توکن قرارداد صحیح نیست.",
  "auto_login_purchase": "شما دسترسی لاگین اتوماتیک برای خرید را ندارید.",
  "auto_login_purchase_en": "You cannot use auto-login for purchase.",
  "pocket_success": "شارژ با موفقیت انجام شد.",
  "pocket_duplicate": "توکن تکراری است",
  "nginx_503": "<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>\n<center><h1>503 Service Temporarily Unavailable</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n"
} as const

/** §1.5.10 (e): DirectPay payment errors. v2 answers {detail, code}; v1 only {detail} (v1 texts where they differ). */
export const DIRECT_PAY_ERRORS = {
  "user_account_disabled": {
    "code": "account.disabled",
    "status": 400,
    "fa": "حساب غیرفعال است.",
    "en": "Account is disabled.",
    "v1_fa": "حساب غیرفعال است.",
    "v1_en": "Account is disabled"
  },
  "insufficient_wallet_balance": {
    "code": "account.insufficient_balance",
    "status": 400,
    "fa": "موجودی حساب کافی نیست.",
    "en": "Insufficient balance.",
    "v1_fa": "موجودی حساب کافی نیست.",
    "v1_en": "Insufficient balance."
  },
  "direct_debit_less_than_allowed": {
    "code": "purchase.minimum_amount_violation",
    "status": 400,
    "fa": "حداقل مقدار تراکنش ۱۰۰۰۰ ریال است.",
    "en": "Minimum transaction amount is 10000R.",
    "v1_fa": "حداقل مقدار تراکنش ۱۰۰۰۰ ریال است.",
    "v1_en": "Minimum transaction amount is 10000R."
  },
  "checkout_token_expired": {
    "code": "purchase.timeout",
    "status": 400,
    "fa": "توکن پرداخت منقضی شده است، لطفاً فرآیند پرداخت را از اول آغاز کنید.",
    "en": "Please start the payment flow from the beginning.",
    "v1_fa": "توکن پرداخت منقضی شده است، لطفاً فرآیند پرداخت را از اول آغاز کنید.",
    "v1_en": "The payment token has expired, please start the payment process over."
  },
  "direct_pay_is_not_active": {
    "code": "direct_pay.inactive_contract",
    "status": 400,
    "fa": "قرارداد کاربر فعال نیست.",
    "en": "User contract is not active.",
    "v1_fa": [
      "قرارداد کاربر فعال نیست."
    ],
    "v1_en": [
      "User contract is not active."
    ]
  },
  "contract_pay_over_max": {
    "code": "direct_pay.period_amount_limit_violation",
    "status": 400,
    "fa": "با توجه به قرارداد شما، در بازه هفتگی نمی‌توانید از ویژگی پرداخت مستقیم بیش از ۱۰,۰۰۰ تومان استفاده کنید.",
    "en": "Due to your contract, you cannot use the direct payment feature for more than 10,000 Tomans per week.",
    "v1_fa": "با توجه به قرارداد شما، در بازه هفتگی نمی‌توانید از ویژگی پرداخت مستقیم بیش از ۱۰,۰۰۰ تومان استفاده کنید.",
    "v1_en": "Due to your contract, you cannot use the direct payment feature for more than 10,000 Tomans per week."
  },
  "insufficient_direct_debit_balance": {
    "code": "direct_debit.insufficient_bank_account_balance",
    "status": 400,
    "fa": "موجودی کافی در حساب بانکی خود ندارید",
    "en": "You don't have enough balance in your bank account.",
    "v1_fa": "موجودی کافی در حساب بانکی خود ندارید",
    "v1_en": "You do not have sufficient funds in your bank account."
  },
  "direct_debit_is_not_active": {
    "code": "direct_debit.inactive_contract",
    "status": 400,
    "fa": "شما سرویس پرداخت سریع خود را فعال نکرده‌اید.",
    "en": "You have not enabled your Instant Payment.",
    "v1_fa": "شما سرویس پرداخت سریع خود را فعال نکرده‌اید.",
    "v1_en": "You have not enabled your Instant Payment."
  },
  "direct_debit_card_expired": {
    "code": "direct_debit.inactive_card",
    "status": 400,
    "fa": "کارت غیرفعال می‌باشد.",
    "en": "Card is inactive.",
    "v1_fa": "کارت غیرفعال می‌باشد.",
    "v1_en": "Card is inactive."
  },
  "direct_debit_disabled_by_user": {
    "code": "direct_debit.inactive_contract",
    "status": 400,
    "fa": "شما قرارداد خود را از سمت بانک لغو کرده‌اید، لطفا قرارداد فعلی را لغو و مجددا قرارداد جدیدی ایجاد کنید.",
    "en": "You have canceled your contract from the bank, please cancel the current contract and create a new contract again.",
    "v1_fa": "شما قرارداد خود را از سمت بانک لغو کرده‌اید، لطفا قرارداد فعلی را لغو و مجددا قرارداد جدیدی ایجاد کنید.",
    "v1_en": "You have canceled your contract from the bank, please cancel the current contract and create a new contract again."
  },
  "direct_debit_over_max_per_transaction": {
    "code": "direct_debit.transaction_amount_limit_violation",
    "status": 400,
    "fa": "مبلغ تراکنش شما بیش از مقدار مجاز در سرویس پرداخت مستقیم است.",
    "en": "The transaction amount is more than the allowed amount in the direct debit",
    "v1_fa": "مبلغ تراکنش شما بیش از مقدار مجاز در سرویس پرداخت مستقیم است.",
    "v1_en": "The transaction amount is more than the allowed amount in the direct debit"
  },
  "direct_debit_over_max_amount_of_transaction_per_day": {
    "code": "direct_debit.daily_transaction_amount_limit_violation",
    "status": 400,
    "fa": "شما به سقف مقدار تراکنش روزانه پرداخت مستقیم رسیده‌اید.",
    "en": "You have reached your daily transaction amount limit for Instant Payment.",
    "v1_fa": "شما به سقف مقدار تراکنش روزانه پرداخت مستقیم رسیده‌اید.",
    "v1_en": "You have reached your daily transaction amount limit for Instant Payment."
  },
  "direct_debit_over_max_count_of_transactions_per_day": {
    "code": "direct_debit.daily_transaction_count_limit_violation",
    "status": 400,
    "fa": "شما به سقف تعداد تراکنش روزانه پرداخت مستقیم رسیده‌اید.",
    "en": "You have reached your daily transaction count limit for Instant Payment.",
    "v1_fa": "شما به سقف تعداد تراکنش روزانه پرداخت مستقیم رسیده‌اید.",
    "v1_en": "You have reached your daily transaction count limit for Instant Payment."
  },
  "direct_debit_over_max_amount_of_transactions_per_month": {
    "code": "direct_debit.monthly_transaction_amount_limit_violation",
    "status": 400,
    "fa": "شما به سقف مقدار تراکنش ماهانه پرداخت مستقیم رسیده‌اید.",
    "en": "You have reached your monthly transaction amount limit for Instant Payment.",
    "v1_fa": "شما به سقف مقدار تراکنش ماهانه پرداخت مستقیم رسیده‌اید.",
    "v1_en": "You have reached your monthly transaction amount limit for Instant Payment."
  },
  "direct_debit_over_max_count_of_transactions_per_month": {
    "code": "direct_debit.monthly_transaction_count_limit_violation",
    "status": 400,
    "fa": "شما به سقف تعداد تراکنش ماهانه پرداخت مستقیم رسیده‌اید.",
    "en": "You have reached your monthly transaction count limit for Instant Payment.",
    "v1_fa": "شما به سقف تعداد تراکنش ماهانه پرداخت مستقیم رسیده‌اید.",
    "v1_en": "You have reached your monthly transaction count limit for Instant Payment."
  },
  "direct_debit_withdrawal_not_allowed": {
    "code": "direct_debit.withdrawal_not_allowed",
    "status": 400,
    "fa": "برداشت از سپرده مجاز نیست.",
    "en": "Withdrawal from deposit is not allowed.",
    "v1_fa": "برداشت از سپرده مجاز نیست.",
    "v1_en": "Withdrawal from deposit is not allowed."
  },
  "invalid_national_id": {
    "code": "direct_debit.invalid_national_id",
    "status": 400,
    "fa": "کد ملی نامعتبر است.",
    "en": "National ID is invalid.",
    "v1_fa": "کد ملی نامعتبر است.",
    "v1_en": "National ID is invalid."
  },
  "blocked_bank_account": {
    "code": "direct_debit.blocked_bank_account",
    "status": 400,
    "fa": "حساب بانکی شما مسدود شده است، لطفا برای رفع مشکل به بانک مراجعه کنید.",
    "en": "Your bank account has been blocked, please go to the bank to solve the problem.",
    "v1_fa": "حساب بانکی شما مسدود شده است، لطفا برای رفع مشکل به بانک مراجعه کنید.",
    "v1_en": "Your bank account has been blocked, please go to the bank to solve the problem."
  },
  "inactive_card": {
    "code": "direct_debit.inactive_card",
    "status": 400,
    "fa": "کارت غیرفعال است.",
    "en": "Card is inactive",
    "v1_fa": "کارت غیرفعال است.",
    "v1_en": "Card is inactive"
  },
  "expired_card": {
    "code": "direct_debit.inactive_card",
    "status": 400,
    "fa": "کارت منقضی شده‌است",
    "en": "Card is expired",
    "v1_fa": "کارت منقضی شده‌است",
    "v1_en": "Card is expired"
  },
  "direct_debit_service_down": {
    "code": "internal_server_error",
    "status": 500,
    "fa": "امکان برقراری ارتباط با بانک وجود ندارد، لطفا از سایر روش‌های پرداخت استفاده کنید یا دقایقی دیگر مجددا تلاش کنید.",
    "en": "It is not possible to communicate with the bank, please use other payment methods or try again in a few minutes.",
    "v1_fa": "امکان برقراری ارتباط با بانک وجود ندارد، لطفا از سایر روش‌های پرداخت استفاده کنید یا دقایقی دیگر مجددا تلاش کنید.",
    "v1_en": "It is not possible to communicate with the bank, please use other payment methods or try again in a few minutes."
  },
  "direct_debit_not_allowed": {
    "code": "error",
    "status": 400,
    "fa": "کاربر مجاز به انتخاب این درگاه نمی‌باشد.",
    "en": "Selected gateway is not permitted for user.",
    "v1_fa": "کاربر مجاز به انتخاب این درگاه نمی‌باشد.",
    "v1_en": "Selected gateway is not permitted for user."
  }
} as const

export type DirectPayScenario = keyof typeof DIRECT_PAY_ERRORS
