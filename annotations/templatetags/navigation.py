from django import template

from annotations.navigation import NavLink, main_nav_links

register = template.Library()


@register.simple_tag
def main_nav(user) -> list[NavLink]:
    return main_nav_links(user=user)
