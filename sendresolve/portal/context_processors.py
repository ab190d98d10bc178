from sendresolve.accounts.mfa import session_passed_mfa
from sendresolve.accounts.selectors import user_access


def work_counts(request) -> dict:
    """The overdue count in the staff header, once the person has passed MFA."""
    user = getattr(request, "user", None)
    if user is None or not user_access(user).is_staff_member or not session_passed_mfa(request):
        return {}
    from sendresolve.cases.selectors import OVERDUE_COUNTED_UP_TO, overdue_count

    count = overdue_count(user)
    return {"overdue_count": count, "overdue_count_capped": count >= OVERDUE_COUNTED_UP_TO}
