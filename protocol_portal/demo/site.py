from protocol_portal.models import SiteSettings


def load():
    SiteSettings.load()
    return {"site settings": SiteSettings.objects.count()}
