"""Bodies written as plain text (paragraphs split by blank lines) become HTML."""

from django.db import migrations
from django.utils.html import escape


def to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>{}</p>".format(escape(p).replace("\n", "<br>")) for p in paragraphs if p
    )


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(body__startswith="<").only("pk", "body"):
        Article.objects.filter(pk=article.pk).update(body=to_html(article.body))


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_editorial_desk")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
