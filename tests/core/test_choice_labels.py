"""Choice labels from a table made once per field (`core.choices`): what a page shows must not
change."""

from django.utils import translation

from meetings.models import ActionItem
from partners.models import Organisation


def test_choice_label_is_in_the_language_of_each_request():
    organisation = Organisation(sector=Organisation.Sector.TRADE_UNION)

    with translation.override("bg"):
        bulgarian = organisation.get_sector_display()
    with translation.override("en"):
        english = organisation.get_sector_display()

    assert english == "Trade union"
    assert bulgarian == "Синдикат"


def test_choice_label_of_a_value_not_among_the_choices_is_the_value():
    organisation = Organisation(sector="retired_sector")

    assert organisation.get_sector_display() == "retired_sector"


def test_choice_labels_of_two_fields_of_one_model_are_kept_apart():
    item = ActionItem(
        status=ActionItem.Status.NOT_DONE,
        not_done_reason=ActionItem.NotDoneReason.CIRCUMSTANCES_CHANGED,
    )

    with translation.override("en"):
        assert item.get_status_display() == "Not done"
        assert item.get_not_done_reason_display() == "Circumstances changed"
