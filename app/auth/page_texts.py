"""What the sign-in and consent pages say, in Romanian, Russian and English.

`{client}`, `{name}`, `{seconds}` and `{minutes}` are filled in by the page (and escaped there).
"""

from __future__ import annotations

from app.domain.labels import Labels, Language

LANGUAGE_NAMES = {Language.RO: "Română", Language.RU: "Русский", Language.EN: "English"}

TEXTS: dict[str, Labels] = {
    "service": Labels(
        "Împreună pentru fiecare copil",
        "Вместе ради каждого ребёнка",
        "Getting it right — together — for every child",
    ),
    "language": Labels("Limba", "Язык", "Language"),
    "sign_in_title": Labels("Autentificare", "Вход", "Sign in"),
    "sign_in_intro": Labels(
        "Aplicația „{client}” vă cere să vă autentificați.",
        "Приложение «{client}» просит вас войти.",
        "The application “{client}” asks you to sign in.",
    ),
    "username": Labels("Adresa de e-mail", "Адрес электронной почты", "E-mail address"),
    "password": Labels("Parola", "Пароль", "Password"),
    "submit": Labels("Autentificare", "Войти", "Sign in"),
    "invalid": Labels(
        "Adresa de e-mail sau parola nu este corectă.",
        "Неверный адрес электронной почты или пароль.",
        "The e-mail address or the password is not correct.",
    ),
    "wait": Labels(
        "Prea multe încercări. Așteptați {seconds} s și încercați din nou.",
        "Слишком много попыток. Подождите {seconds} с и попробуйте снова.",
        "Too many attempts. Wait {seconds} seconds and try again.",
    ),
    "locked": Labels(
        "Autentificarea este blocată temporar după prea multe încercări nereușite. Încercați din "
        "nou peste {minutes} min sau adresați-vă administratorului.",
        "Вход временно заблокирован после слишком многих неудачных попыток. Попробуйте снова "
        "через {minutes} мин или обратитесь к администратору.",
        "Signing in is blocked for a while after too many failed attempts. Try again in "
        "{minutes} minutes or ask your administrator.",
    ),
    "consent_title": Labels("Permisiune de acces", "Разрешение доступа", "Allow access"),
    "signed_in_as": Labels(
        "Sunteți autentificat(ă) ca {name}.", "Вы вошли как {name}.", "You are signed in as {name}."
    ),
    "consent_intro": Labels(
        "Aplicația „{client}” cere permisiunea să:",
        "Приложение «{client}» запрашивает разрешение на:",
        "The application “{client}” asks to:",
    ),
    "allow": Labels("Permite", "Разрешить", "Allow"),
    "deny": Labels("Refuză", "Отказать", "Deny"),
    "error_title": Labels(
        "Cererea nu poate fi îndeplinită",
        "Запрос не может быть выполнен",
        "This request cannot be completed",
    ),
    "error_intro": Labels(
        "Aplicația care v-a trimis aici a făcut o cerere greșită. Închideți această pagină și "
        "porniți din nou din aplicație.",
        "Приложение, которое направило вас сюда, отправило неверный запрос. Закройте эту "
        "страницу и начните снова из приложения.",
        "The application that sent you here made an invalid request. Close this page and start "
        "again from the application.",
    ),
    "expired": Labels(
        "Formularul a expirat sau a fost deschis în alt browser. Porniți din nou autentificarea "
        "din aplicație.",
        "Срок действия формы истёк, или она была открыта в другом браузере. Начните вход заново "
        "из приложения.",
        "This form has expired or was opened in another browser. Start signing in again from "
        "the application.",
    ),
    "details": Labels("Detalii tehnice", "Технические подробности", "Technical details"),
}


def texts_in(language: Language) -> dict[str, str]:
    return {key: labels.in_(language) for key, labels in TEXTS.items()}
