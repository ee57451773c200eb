"""The page templates' compiled code, kept on disk between processes."""

import shutil

from jinja2 import DictLoader, Environment, pass_context, runtime

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


class _Greeter:
    def __init__(self, word):
        self.word = word

    def plain(self, name):
        return f"{self.word} {name}"

    @pass_context
    def with_context(self, context, name):
        return f"{context['mark']}{self.word} {name}"


@pass_context
def _marked(context, text):
    return f"{context['mark']}{text}"


def _raises_stop(_):
    raise StopIteration


CALLS = ("{{ plain('a') }}|{{ greeter.plain('b') }}|{{ marked('c') }}|"
         "{{ greeter.with_context('d') }}|{% for x in [1, 2] %}{{ plain(x) }}{{ marked(x) }}"
         "{% endfor %}|{{ ', '.join(['e', 'f']) }}|{{ stop(1) is undefined }}|"
         "{% macro box(v) %}[{{ v }}]{% endmacro %}{{ box(plain('g')) }}")


def test_templates_call_functions_as_jinja_does():
    """Plain functions, methods, builtins, functions that ask for the context, macros and
    a StopIteration: what the site's environment renders is what Jinja's own renders."""
    values = {"plain": lambda name: f"<{name}>", "greeter": _Greeter("hi"), "marked": _marked,
              "stop": _raises_stop, "mark": "*"}
    expected = Environment().from_string(CALLS).render(values)
    assert ENV.from_string(CALLS).render(values) == expected
    assert "*hi d" in expected and "*1" in expected and "True" in expected


def test_a_plain_function_is_called_without_looking_for_a_context_mark(monkeypatch):
    looked = []
    original = runtime._PassArg.from_obj

    def from_obj(obj):
        looked.append(obj)
        return original(obj)

    monkeypatch.setattr(runtime._PassArg, "from_obj", staticmethod(from_obj))
    rendered = ENV.from_string("{{ f(-1) }}{{ g.plain(2) }}").render(f=abs, g=_Greeter("x"))
    assert rendered == "1x 2"
    assert looked == []
