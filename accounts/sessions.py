"""Where you are signed in: allauth's list of sessions, with when each was last used (from the
activity record) and a way to sign out one device rather than all the others."""

from __future__ import annotations

from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from allauth.usersessions.views import ListUserSessionsView
from django.contrib import messages
from django.shortcuts import redirect

from accounts.activity import sessions_last_used
from accounts.browsers import describe_browser


class SessionsView(ListUserSessionsView):
    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        sessions = context["sessions"]
        last_used = sessions_last_used(
            user=self.request.user, session_keys=[s.session_key for s in sessions]
        )
        for session in sessions:
            session.last_used_at = last_used.get(session.session_key, session.created_at)
        # This device first, then the most recently used.
        sessions.sort(key=lambda s: (not s.is_current(), -s.last_used_at.timestamp()))
        return context

    def post(self, request, *args, **kwargs):
        one = request.POST.get("session")
        if one is None:
            return super().post(request, *args, **kwargs)
        session = (
            UserSession.objects.filter(user_id=request.user.pk, pk=one).first()
            if one.isdigit()
            else None
        )
        if session is not None and not session.is_current():
            end_sessions(request, [session])
            messages.success(
                request, f"{describe_browser(session.user_agent)} is signed out of your account."
            )
        return redirect("usersessions_list")


sessions = SessionsView.as_view()
