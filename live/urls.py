"""The live pages' poll address."""

from django.urls import path

from newsroom.caching import shared_page

from . import views

app_name = "live"

urlpatterns = [
    path("<int:pk>/updates.json", shared_page(views.poll), name="poll"),
]
