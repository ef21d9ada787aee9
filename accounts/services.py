from accounts.models import User


def user_set_language(*, user: User, language: str) -> None:
    """Remember `language` as the preferred language of `user`."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    """Change the name others see and the language of `user`."""
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user
