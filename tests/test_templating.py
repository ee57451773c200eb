"""The page templates' compiled code, kept on disk between processes."""

import shutil

from jinja2 import DictLoader, Environment

from kithbook.site.templating import ENV, _CompiledTemplates

TEMPLATES = {"list.j2": "{% for item in items %}\n- {{ item }}\n{% endfor %}\n"}


def _environment(folder, **options):
    env = Environment(loader=DictLoader(TEMPLATES), **options)
    env.bytecode_cache = _CompiledTemplates(env, str(folder))
    return env


def test_a_second_process_takes_the_compiled_template_instead_of_compiling(tmp_path,
                                                                            monkeypatch):
    first = _environment(tmp_path, trim_blocks=True)
    assert first.get_template("list.j2").render(items=[1, 2]) == "- 1\n- 2\n"
    assert list(tmp_path.iterdir()), "the compiled template was written"
    second = _environment(tmp_path, trim_blocks=True)

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(second, "compile", no_compiling)
    assert second.get_template("list.j2").render(items=[1, 2]) == "- 1\n- 2\n"


def test_options_that_shape_the_code_are_part_of_the_key(tmp_path):
    _environment(tmp_path, trim_blocks=True).get_template("list.j2")
    untrimmed = _environment(tmp_path, trim_blocks=False)  # the same source, other code
    assert untrimmed.get_template("list.j2").render(items=[1]) == "\n- 1\n"


def test_a_cache_that_cannot_be_written_costs_a_compile_not_the_page(tmp_path):
    (tmp_path / "cache").mkdir()
    env = _environment(tmp_path / "cache")
    shutil.rmtree(tmp_path / "cache")  # the folder went away (a cleaned temporary folder)
    assert env.get_template("list.j2").render(items=[1]) == "\n- 1\n"


def test_the_site_templates_are_kept_compiled():
    assert isinstance(ENV.bytecode_cache, _CompiledTemplates)
