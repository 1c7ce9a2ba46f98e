import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from core.access import COORDINATORS_GROUP


class Command(BaseCommand):
    help = (
        "Create the demo coordinator account with a random password, printed once. "
        "Does nothing if the account exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="coordinator")

    @transaction.atomic
    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Demo coordinator '{username}' exists; its password was printed when it was "
                f"created. Set a new one with: python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, email=f"{username}@example.org", password=password
        )
        group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
        user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo coordinator created. Log in as '{username}' with password: {password}\n"
                "This password is shown only now."
            )
        )
