"""Publish and incognito modes: what a site may show, and the canary build."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from kithbook.load import load_vault
from kithbook.settings import SettingsError, parse_settings, read_settings, with_environment
from kithbook.site.privacy import MASK, incognito, published, without_sections

from .browser import mkdocs_build
from .gitrepo import commit, init


def canary() -> str:
    return "canary" + secrets.token_hex(8)


def canary_vault(make_vault, *, mode: str = "publish: true") -> tuple[Path, dict[str, str], dict[str, str]]:
    """A vault whose private parts each hold a unique string, and whose public parts too."""
    secret = {name: canary() for name in (
        "private_name", "private_company", "private_body", "private_touch_title",
        "private_touch_body", "email", "phone", "section", "nested_section", "extra",
        "meeting_url", "problem_file", "commit_subject",
        "deleted_file")}
    public = {name: canary() for name in ("public_name", "public_body", "public_touch",
                                          "after_section", "book", "referral")}
    files = {
        "people/ada.md": f"""
            ---
            name: Ada {public["public_name"]}
            company: Acme
            email: ada-{secret["email"]}@example.org
            phone: "+44 {secret["phone"]}"
            tags: [mentor]
            home_address: {secret["extra"]}
            ---

            ## Research
            {public["public_body"]}

            ## Private
            My thoughts on Ada: {secret["section"]}

            ### Details
            {secret["nested_section"]}

            ## Questions
            - [ ] {public["after_section"]}
            """,
        "people/zed.md": f"""
            ---
            name: Zed {secret["private_name"]}
            company: {secret["private_company"]}
            introduced_by: ada
            private: true
            ---

            {secret["private_body"]}
            """,
        "people/bo.md": """
            ---
            name: Bo Public
            introduced_by: zed
            ---
            """,
        "meetings/2026-10-01-ada.md": f"""
            ---
            date: 2026-10-01
            with: [ada, zed]
            kind: coffee
            title: {public["public_touch"]}
            url: https://meet.example.org/{secret["meeting_url"]}
            referrals:
              - zed
              - "Zed {secret["private_name"]}, who runs the data team"
              - "Pat {public["referral"]}"
            resources:
              - title: {public["book"]}
                kind: book
            ---

            ## Advice
            - [ ] Read the book
            """,
        "meetings/2026-10-05-zed.md": f"""
            ---
            date: 2026-10-05
            with: ada
            kind: call
            title: {secret["private_touch_title"]}
            private: true
            ---

            {secret["private_touch_body"]}
            """,
        "meetings/2026-12-10-ada.md": """
            ---
            date: 2026-12-10
            with: ada
            kind: video
            title: Planned catch-up
            ---
            """,
        f"meetings/2026-10-09-{secret['problem_file']}.md": """
            ---
            date: 2026-10-09
            with: nobody-at-all
            kind: call
            ---
            """,
    }
    yml = f"""\
site_name: Canary
site_url: https://example.org/site/
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - kithbook:
      today: 2026-11-26
      {mode}
"""
    root = make_vault(files, mkdocs_yml=yml)
    init(root)  # with a history: the Activity page and record pages show commits
    commit(root, f"Add Zed {secret['commit_subject']}", "2026-10-02T10:00:00+01:00",
           {f"people/{secret['deleted_file']}.md": "---\nname: Gone\n---\n"})
    (root / "people" / f"{secret['deleted_file']}.md").unlink()
    commit(root, "Remove a file", "2026-10-03T10:00:00+01:00")
    return root, secret, public


def output_texts(site: Path) -> dict[str, str]:
    """Every file the build wrote, as text (binary files decoded leniently)."""
    texts = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix not in (".png", ".ico", ".woff", ".woff2", ".gz"):
            texts[str(path.relative_to(site))] = path.read_bytes().decode("utf-8", "replace")
    return texts


@pytest.mark.slow
def test_publish_build_leaks_none_of_the_canaries(make_vault, tmp_path):
    root, secret, public = canary_vault(make_vault)
    site = tmp_path / "site"
    result = mkdocs_build(root, site, strict=False)
    assert result.returncode == 0, result.stderr
    texts = output_texts(site)
    kinds = {Path(name).suffix for name in texts}
    assert {".html", ".json", ".xml", ".ics", ".js", ".css"} <= kinds  # search index, sitemap, feed
    assert "contacts.vcf" not in texts
    for name, value in secret.items():
        leaks = [path for path, text in texts.items() if value in text]
        assert not leaks, f"{name} leaked into {leaks}"
    everything = "\n".join(texts.values())
    for name, value in public.items():
        assert value in everything, f"{name} is missing from the published site"
    assert "Published build" in texts["index.html"]
    assert "people/zed/index.html" not in texts
    assert "problems/index.html" not in texts
    assert "Remove a file" not in texts["activity/index.html"]  # no commit message at all
    assert 'href="../people/ada/"' in texts["activity/index.html"]  # the records are there


@pytest.mark.slow
def test_normal_build_shows_what_publish_mode_hides(make_vault, tmp_path):
    root, secret, _ = canary_vault(make_vault, mode="publish: false")
    site = tmp_path / "site"
    assert mkdocs_build(root, site, strict=False).returncode == 0
    everything = "\n".join(output_texts(site).values())
    for name in ("private_name", "private_touch_body", "email", "section", "nested_section",
                 "commit_subject", "deleted_file"):
        assert secret[name] in everything, name  # so the canary test above can fail


@pytest.mark.slow
def test_environment_switches_publish_mode_for_one_build(make_vault, tmp_path, monkeypatch):
    root, secret, _ = canary_vault(make_vault, mode="publish: false")
    monkeypatch.setenv("KITH_PUBLISH", "1")
    site = tmp_path / "site"
    assert mkdocs_build(root, site, strict=False).returncode == 0
    everything = "\n".join(output_texts(site).values())
    assert secret["private_name"] not in everything
    assert "Published build" in everything


@pytest.mark.slow
def test_incognito_build_masks_contacts_and_notes_but_keeps_names(make_vault, tmp_path):
    root, secret, public = canary_vault(make_vault, mode="incognito: true")
    site = tmp_path / "site"
    assert mkdocs_build(root, site, strict=False).returncode == 0
    texts = output_texts(site)
    person = texts["people/ada/index.html"]
    assert public["public_name"] in person
    for name in ("email", "phone", "public_body", "section", "extra"):
        assert secret.get(name, public.get(name, "")) not in person, name
    assert MASK in person
    assert "Incognito" in person


# The core functions, directly.

def test_without_sections_drops_private_headings_and_their_subsections():
    text = "intro\n## Private\nsecret\n### Deeper\nmore\n## Next\nkept\n# Top\n## private ##\nx"
    assert without_sections(text, frozenset({"private"})) == "intro\n## Next\nkept\n# Top"


def test_without_sections_ignores_headings_in_code_fences():
    text = "## Notes\n```\n## Private\n```\nkept\n## Private\n```\n# not a heading\n```\nsecret"
    assert without_sections(text, frozenset({"private"})) == "## Notes\n```\n## Private\n```\nkept"


def test_published_vault_forgets_private_people_everywhere(make_vault):
    root, secret, public = canary_vault(make_vault)
    vault = published(load_vault(root, read_settings(root)))
    assert set(vault.people) == {"ada", "bo"}
    assert vault.people["bo"].introduced_by is None  # introduced by the private Zed
    coffee = next(t for t in vault.touches if t.id == "2026-10-01-ada")
    assert coffee.with_ == ("ada",)
    assert [r.text for r in coffee.referrals] == [f"Pat {public['referral']}"]
    assert coffee.url is None
    assert not any(t.private for t in vault.touches)
    ada = vault.people["ada"]
    assert (ada.emails, ada.phones, dict(ada.extra)) == ((), (), {})
    assert secret["section"] not in ada.body.text
    assert ada.questions  # the section after the private one is still read


def test_incognito_keeps_the_shape_of_notes(make_vault):
    root = make_vault({"people/ada.md": """
        ---
        name: Ada Lovelace
        email: ada@example.org
        ---

        ## Advice
        - [x] Ship it
        plain words
        """})
    ada = incognito(load_vault(root, read_settings(root))).people["ada"]
    assert ada.body.text.splitlines()[1:4] == ["## Advice", "- [x] " + MASK * 4 + " " + MASK * 2,
                                               MASK * 5 + " " + MASK * 5]
    assert set(ada.emails[0]) == {MASK}
    assert ada.name == "Ada Lovelace"


def test_mode_switches_from_the_environment():
    base = parse_settings({"publish": False})
    assert with_environment(base, {"KITH_PUBLISH": "1"}).publish
    assert not with_environment(parse_settings({"publish": True}), {"KITH_PUBLISH": "no"}).publish
    assert with_environment(base, {"KITH_INCOGNITO": "true"}).incognito
    assert with_environment(base, {}) == base
    with pytest.raises(SettingsError, match="KITH_PUBLISH"):
        with_environment(base, {"KITH_PUBLISH": "maybe"})


def test_private_headings_setting():
    assert parse_settings({"private_headings": "## Personal"}).private_headings == ("personal",)
    assert parse_settings({"private_headings": ["Private", "Salary"]}).private_headings == (
        "private", "salary")
    with pytest.raises(SettingsError, match="private_headings"):
        parse_settings({"private_headings": 3})
