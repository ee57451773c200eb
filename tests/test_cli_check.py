import json
import subprocess
import sys

from .conftest import kith

GOOD = {"people/ada.md": "---\nname: Ada\n---\n"}
WARNING = {**GOOD, "people/bob.md": "---\nname: Bob\ncadance: 30d\n---\n"}
ERROR = {**GOOD, "meetings/m.md": "---\ndate: 2026-11-31\nwith: ada\n---\n"}


def test_clean_vault_exits_zero_with_a_summary(make_vault, monkeypatch):
    monkeypatch.chdir(make_vault(GOOD))
    result = kith(None, "check")
    assert result.exit_code == 0
    assert result.stderr.strip() == "No problems in 1 person and 0 touches."


def test_errors_print_path_line_severity_message_and_exit_one(make_vault, monkeypatch):
    monkeypatch.chdir(make_vault(ERROR))
    result = kith(None, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "meetings/m.md:2: error: date: 2026-11-31 does not exist: November 2026 has 30 days")
    assert "1 error, 0 warnings" in result.stderr


def test_warnings_pass_unless_strict(make_vault, monkeypatch):
    monkeypatch.chdir(make_vault(WARNING))
    assert kith(None, "check").exit_code == 0
    strict = kith(None, "check", "--strict")
    assert strict.exit_code == 1
    assert "people/bob.md:3: warning: unknown key 'cadance'; did you mean 'cadence'?" in strict.stderr


def test_json_output_is_machine_readable(make_vault, monkeypatch):
    monkeypatch.chdir(make_vault(ERROR))
    result = kith(None, "check", "--json")
    assert json.loads(result.stdout) == [{
        "path": "meetings/m.md", "line": 2, "key": "date", "severity": "error",
        "message": "date: 2026-11-31 does not exist: November 2026 has 30 days"}]


def test_vault_is_found_from_a_subfolder_or_by_option_or_environment(make_vault, monkeypatch, tmp_path):
    root = make_vault(ERROR)
    monkeypatch.chdir(root / "meetings")
    assert kith(None, "check").exit_code == 1
    monkeypatch.chdir(tmp_path)
    assert kith(None, "--vault", str(root), "check").exit_code == 1
    assert kith(None, "check", env={"KITH_VAULT": str(root)}).exit_code == 1


def test_path_limits_the_report_to_files_below_it(make_vault, monkeypatch):
    root = make_vault({**ERROR, **WARNING})
    monkeypatch.chdir(root)
    result = kith(None, "check", "people")
    assert "meetings/m.md" not in result.stderr
    assert "people/bob.md" in result.stderr
    assert result.exit_code == 0


def test_no_vault_is_a_clear_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kith(None, "check")
    assert result.exit_code == 1
    assert "no mkdocs.yml in" in result.stderr and "--vault" in result.stderr


def test_a_bad_setting_names_the_file_and_key(make_vault, monkeypatch):
    root = make_vault(GOOD, mkdocs_yml="site_name: x\nplugins:\n  - kithbook:\n      due_soon: soon\n")
    monkeypatch.chdir(root)
    result = kith(None, "check")
    assert result.exit_code == 1
    assert "mkdocs.yml:4: kithbook setting 'due_soon': cannot read 'soon' as a period" in result.stderr


def test_an_impossible_date_in_the_settings_is_a_message_not_a_traceback(make_vault, monkeypatch):
    yml = "site_name: x\nplugins:\n  - search\n  - kithbook:\n      # a comment\n      today: 2026-13-45\n"
    monkeypatch.chdir(make_vault(GOOD, mkdocs_yml=yml))
    for command in ("check", "due"):
        result = kith(None, command)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "mkdocs.yml:6: kithbook setting 'today': 2026-13-45 does not exist" in result.stderr


def test_the_console_script_runs_in_a_real_process(make_vault):
    root = make_vault(ERROR)
    proc = subprocess.run([sys.executable, "-m", "kithbook", "check"], cwd=root,
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "meetings/m.md:2: error:" in proc.stderr
