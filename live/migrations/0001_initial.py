# Live pages and their updates.

import django.db.models.deletion
import django.utils.timezone
import live.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0011_author_profile_source_credit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LiveCoverage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now, validators=[live.models.not_in_the_future], verbose_name='coverage started')),
                ('ended_at', models.DateTimeField(blank=True, help_text='Empty while the coverage runs: the page shows “Live”.', null=True, validators=[live.models.not_in_the_future], verbose_name='coverage ended')),
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='live_coverage', to='articles.article', verbose_name='article')),
            ],
            options={
                'verbose_name': 'live page',
                'verbose_name_plural': 'live pages',
                'ordering': ['-started_at'],
            },
        ),
        migrations.CreateModel(
            name='LiveUpdate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(blank=True, help_text='Optional; a key event is listed at the top under it.', max_length=200, verbose_name='headline')),
                ('body', models.TextField(verbose_name='text')),
                ('key_event', models.BooleanField(default=False, help_text='Listed at the top of the page among the key events.', verbose_name='key event')),
                ('published_at', models.DateTimeField(default=django.utils.timezone.now, validators=[live.models.not_in_the_future], verbose_name='time')),
                ('withdrawn', models.BooleanField(default=False, help_text='A withdrawn update is no longer shown to readers.', verbose_name='withdrawn')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='Updated at')),
                ('author', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('coverage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='live.livecoverage', verbose_name='live page')),
                ('photo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='live_updates', to='articles.image', verbose_name='photo')),
            ],
            options={
                'verbose_name': 'live update',
                'verbose_name_plural': 'live updates',
                'ordering': ['-published_at', '-id'],
            },
        ),
        migrations.AddConstraint(
            model_name='livecoverage',
            constraint=models.CheckConstraint(condition=models.Q(('ended_at__isnull', True), ('ended_at__gte', models.F('started_at')), _connector='OR'), name='live_coverage_ends_after_start', violation_error_message='The coverage ends after it starts.'),
        ),
        migrations.AddIndex(
            model_name='liveupdate',
            index=models.Index(fields=['coverage', '-published_at'], name='live_update_page_idx'),
        ),
    ]
