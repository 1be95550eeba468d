"""The repository's GitHub plumbing: workflows and issue forms are valid, and follow the safety policy.

Validity is checked by two tools that work offline: check-jsonschema, against the GitHub schemas it ships,
and zizmor, a static security audit of workflows (run with ``--offline``, so only its local audits). The
policy for accepting pull requests from forks safely is asserted here directly on the parsed YAML.
"""
from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW_DIR = ROOT / ".github" / "workflows"
TEMPLATE_DIR = ROOT / ".github" / "ISSUE_TEMPLATE"
WORKFLOWS = sorted(WORKFLOW_DIR.glob("*.y*ml"))
ISSUE_FORMS = sorted(p for p in TEMPLATE_DIR.glob("*.y*ml") if p.stem != "config")
ISSUE_CONFIG = TEMPLATE_DIR / "config.yml"
ZIZMOR = Path(sysconfig.get_path("scripts")) / "zizmor"

# A `uses:` line pinned the only way accepted here: a full commit SHA, then the release it is, e.g.
#   - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
RE_PINNED_USES = re.compile(r"""(?x)
    ^\s*(?:-\s+)?uses:\s*
    (?P<action>[\w.-]+/[\w./-]+)   # owner/repo, optionally /path
    @(?P<sha>[0-9a-f]{40})          # a full commit SHA: tags and branches can be moved
    \s+\#\s*(?P<version>v\d+(?:\.\d+)*)\s*$   # the release, for readers and update tools
""")
RE_USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The workflow's `on:` block as a mapping (YAML 1.1 reads the bare key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def all_uses(workflow: dict) -> list[str]:
    """Every action or reusable workflow the workflow runs, from steps and from job-level `uses`."""
    found = []
    for job in workflow["jobs"].values():
        if "uses" in job:
            found.append(job["uses"])
        found.extend(step["uses"] for step in job.get("steps", []) if "uses" in step)
    return found


def run(*command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=120)


def check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    return run(sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *paths)


def test_the_expected_files_exist():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml"}
    assert {p.name for p in ISSUE_FORMS} == {"correction.yml", "propose-note.yml"}
    assert ISSUE_CONFIG.is_file()


# --- Validators -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("schema", "paths"), [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.github-issue-forms", ISSUE_FORMS),
    ("vendor.github-issue-config", [ISSUE_CONFIG]),
], ids=["workflows", "issue-forms", "issue-config"])
def test_files_match_githubs_schema(schema, paths):
    result = check_jsonschema(schema, *paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_broken_files(tmp_path):
    """Guards the test above against a validator that accepts anything."""
    workflow = tmp_path / "broken.yml"
    workflow.write_text("on: push\njobs:\n  test:\n    steps:\n      - run: true\n")  # no runs-on
    form = tmp_path / "broken-form.yml"
    form.write_text("name: X\ndescription: Y\nbody:\n  - type: dropdown\n    id: d\n"
                    "    attributes:\n      label: L\n")  # a dropdown without options
    assert check_jsonschema("vendor.github-workflows", workflow).returncode != 0
    assert check_jsonschema("vendor.github-issue-forms", form).returncode != 0


def test_zizmor_finds_no_security_problem():
    assert ZIZMOR.is_file(), f"zizmor is not installed at {ZIZMOR}: install requirements-dev.txt"
    result = run(ZIZMOR, "--offline", "--no-progress", "--color=never", WORKFLOW_DIR)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_flags_an_unsafe_workflow(tmp_path):
    """The classic fork attack: pull_request_target checking out and running the fork's code."""
    unsafe = tmp_path / ".github" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: make test\n")
    result = run(ZIZMOR, "--offline", "--no-progress", "--color=never", unsafe.parent)
    assert result.returncode != 0
    assert "dangerous-triggers" in result.stdout


# --- Policy ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_fork_code_with_privileges(path):
    # Both triggers run with the base repository's token and secrets, which a fork's code must never reach.
    assert not {"pull_request_target", "workflow_run"} & set(triggers(load(path)))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_defaults_to_a_read_only_token(path):
    assert load(path)["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    text = path.read_text(encoding="utf-8")
    uses_lines = [line for line in text.splitlines() if RE_USES_LINE.match(line)]
    unpinned = [line.strip() for line in uses_lines if not RE_PINNED_USES.match(line)]
    assert not unpinned, "pin to a full commit SHA followed by '# vX.Y.Z'"
    # Every `uses` the YAML contains was seen as a line above (none hides in flow-style mappings).
    assert len(uses_lines) == len(all_uses(load(path))) > 0


def test_the_pin_pattern():
    sha = "de0fac2e4500dabe0009e67214ff5f5447ce83dd"
    assert RE_PINNED_USES.match(f"      - uses: actions/checkout@{sha} # v6.0.2")
    assert RE_PINNED_USES.match(f"        uses: actions/deploy-pages@{sha}  #v5")
    for line in (f"- uses: actions/checkout@{sha}",                 # no version comment
                 "- uses: actions/checkout@v6 # v6.0.2",            # a movable tag
                 f"- uses: actions/checkout@{sha[:12]} # v6.0.2",   # a short SHA
                 f"- uses: actions/checkout@{sha} # latest"):       # not a version
        assert not RE_PINNED_USES.match(line), line


def test_each_action_has_one_pin_across_workflows():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := RE_PINNED_USES.match(line):
                pins.setdefault(m["action"], set()).add((m["sha"], m["version"]))
    assert {action: pin for action, pin in pins.items() if len(pin) > 1} == {}


def test_ci_checks_every_change_with_tests_checks_and_a_strict_build():
    ci = load(WORKFLOW_DIR / "ci.yml")
    on = triggers(ci)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    runs = [step["run"] for job in ci["jobs"].values() for step in job["steps"] if "run" in step]
    assert "make ci" in runs  # the one command CONTRIBUTING.md names; .ci/run runs it too
    assert any("install" in r and "chromium" in r for r in runs)
    assert re.search(r"(?m)^make ci$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    # ... and `make ci` is the note check, the README's test command and the strict build, in that order.
    dry_run = subprocess.run(["make", "-n", "ci", "STAMP="], cwd=ROOT, capture_output=True, text=True, check=True)
    steps = [line.split()[-1] for line in dry_run.stdout.splitlines() if line.startswith("make ")]
    assert steps == ["check", "test", "build"]
    assert "build_edition.py check" in dry_run.stdout and "build_edition.py site" in dry_run.stdout
    assert "make ci" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_deploy_holds_pages_rights_only_in_the_deploy_job():
    deploy = load(WORKFLOW_DIR / "deploy.yml")
    on = triggers(deploy)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert deploy["concurrency"]["group"] == "pages"
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert any(step.get("run") == "make build" for step in build["steps"])
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    # site/ is a link swapped atomically by the build: the artifact is made from the real folder it names
    resolve = next(s for s in build["steps"] if s.get("id") == "site")
    assert resolve["run"] == 'echo "path=$(readlink -f site)" >> "$GITHUB_OUTPUT"'
    assert build["steps"].index(resolve) < build["steps"].index(upload)
    assert upload["with"]["path"] == "${{ steps.site.outputs.path }}"
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    [step] = publish["steps"]
    assert step["id"] == "deployment" and step["uses"].startswith("actions/deploy-pages@")


def test_ci_publishes_a_preview_of_each_pull_request():
    ci = load(WORKFLOW_DIR / "ci.yml")
    steps = [step for job in ci["jobs"].values() for step in job["steps"]]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "site" and upload["with"]["path"] == "site"
    summary = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert "make summary" in summary["run"] and "always()" in summary["if"]
    assert "${{" not in summary["run"]  # the base branch comes through the environment, not the script
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is there to compare with
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "artifact" in template.lower() and "summary" in template.lower()
