"""Make the load test's accounts (load-0@example.org ...) on the running prod-like stack."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stack  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402

from accounts.models import User  # noqa: E402

count = int(sys.argv[1])
hashed = make_password(stack.PASSWORD)  # once: a full-strength hash takes a while each time
for n in range(count):
    email = f"load-{n}@example.org"
    if User.objects.filter(email=email).exists():
        continue
    user = User.objects.create_user(email, None, full_name="Load Person", initials="LP")
    User.objects.filter(pk=user.pk).update(password=hashed)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
stack.say(f"{count} load accounts ready")
