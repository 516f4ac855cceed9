from django.contrib import admin

from .models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "article", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body"]
    autocomplete_fields = ["article"]
