from zoneinfo import available_timezones

from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.email_code import PENDING_PASSWORD_HASH
from accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "initials", "timezone"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "initials": forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "class": "govuk-input--width-4",
                }
            ),
        }
        error_messages = {
            "full_name": {"required": "Enter your name as you want it printed on the pack."},
            "initials": {"required": "Enter your initials, for example JS."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["initials"].required = True

    timezone = forms.TypedChoiceField(
        label="Your time zone",
        help_text="Times in your notes are shown in this time zone.",
        choices=[(name, name.replace("_", " ")) for name in sorted(available_timezones())],
        initial=settings.TIME_ZONE,
    )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_initials(self):
        return "".join(self.cleaned_data["initials"].split()).replace(".", "").upper()


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        # allauth puts a "forgot password" link in the hint; our page shows its own link.
        self.fields["password"].help_text = ""


class SignUpForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["password1"].help_text = (
            "Use at least 10 characters. A few unrelated words are easy to remember and hard to "
            "guess."
        )
        self.fields["password2"].label = "Type the password again"

    def try_save(self, request):
        # A new account costs a password hash; a taken address would otherwise answer at once
        # and the time alone would tell that the address has an account. Hash it anyway.
        if not self.account_already_exists:
            return super().try_save(request)
        password_hash = make_password(self.cleaned_data["password1"])
        result = super().try_save(request)
        # Kept (hashed, on the server) so that correcting a mistyped address on the code page can
        # make the account then, just as it would have been made with a free address.
        request.session[PENDING_PASSWORD_HASH] = password_hash
        return result


DELETE_WORDS = "delete my account"


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=f"To confirm, type the words: {DELETE_WORDS}",
        max_length=100,
        error_messages={"required": f"Type the words {DELETE_WORDS} to confirm"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_confirm(self):
        typed = " ".join(self.cleaned_data["confirm"].lower().split())
        if typed != DELETE_WORDS:
            raise forms.ValidationError(
                f"Type the words {DELETE_WORDS} exactly, to show you mean it"
            )
        return typed
