"""`python -m physics` and the parameter parser every command uses, run as a user would."""

import json
from dataclasses import replace

import pytest
from helpers import run

import physics
import physics.params
from physics.__main__ import report


def physics_json(*args):
    result = run("-m", "physics", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_table_shows_the_brief_rows_and_the_state():
    result = run("-m", "physics")
    assert result.returncode == 0, result.stderr
    state = physics.resting_state(physics.preset("neuron"))
    lines = result.stdout.splitlines()
    assert lines[0] == "neuron at 37 °C"
    assert lines[2].split() == ["K⁺", "140", "5", f"{state.equilibrium_mv['K']:+.1f}", "1"]
    assert lines[3].split() == ["Na⁺", "15", "145", f"{state.equilibrium_mv['Na']:+.1f}", "0.04"]
    assert f"Resting potential          {state.rest_mv:+.1f} mV" in lines
    assert f"Pump's electrogenic share  {state.pump_mv:+.1f} mV" in lines


def test_skeletal_muscle_with_raised_potassium():
    result = run("-m", "physics", "--cell", "skeletal_muscle", "--set", "K.out=8")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    k_row = lines[2].split()
    assert k_row[:3] == ["K⁺", "155", "8"]
    assert float(k_row[3]) == pytest.approx(physics.nernst_mv(8.0, 155.0, 1), abs=0.05)
    cell = physics.preset("skeletal_muscle")
    raised = physics.resting_state(replace(cell, conc_out_mm={**cell.conc_out_mm, "K": 8.0}))
    assert f"Resting potential          {raised.rest_mv:+.1f} mV" in result.stdout
    # Passive Cl⁻ shows where it settled, at E_Cl = rest, not the preset's 4.2 mM.
    cl_row = lines[4].split()
    assert cl_row[:3] == ["Cl⁻", f"{raised.conc_in_mm['Cl']:.4g}", "123"]
    assert float(cl_row[3]) == pytest.approx(raised.rest_mv, abs=0.05)
    assert lines[4].endswith("settles with V")
    assert not any(line.endswith("settles with V") for line in run("-m", "physics").stdout.splitlines())


@pytest.mark.parametrize("name", physics.PRESETS)
def test_json_is_the_state_of_the_preset(name):
    cell = physics.preset(name)
    expected = json.loads(json.dumps(report(cell, physics.resting_state(cell))))
    assert physics_json("--cell", name) == expected


def test_json_has_the_settled_concentrations_and_every_parameter():
    data = physics_json("--cell", "skeletal_muscle", "--set", "cl_passive=0")
    assert data["parameters"]["cl_passive"] is False
    assert data["parameters"]["Cl.in"] == data["physics"]["conc_in_mm"]["Cl"] == 4.2
    data = physics_json("--cell", "skeletal_muscle")
    assert data["parameters"]["cl_passive"] is True
    assert data["physics"]["conc_in_mm"]["Cl"] == pytest.approx(3.94, abs=0.01)
    assert set(data["physics"]["pull_mv"]) == {"Na", "Cl"}
    assert set(data["parameters"]) == set(physics.params.KEYS)


def test_params_file_then_set_in_that_order(tmp_path):
    params = tmp_path / "hot.toml"
    params.write_text('temp_c = 20\n"Na.permeability" = 0.05\n[K]\nout = 8\n')
    data = physics_json("--params", str(params), "--set", "K.out=10")
    assert data["parameters"]["temp_c"] == 20.0
    assert data["parameters"]["Na.permeability"] == 0.05
    assert data["parameters"]["K.out"] == 10.0
    assert data["physics"]["equilibrium_mv"]["K"] == pytest.approx(physics.nernst_mv(10.0, 140.0, 1, 20.0))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "K.outside=8"], "parameter = 'K.outside' is not allowed: must be one of the keys temp_c, K.in,"),
        (["--set", "K.out=-8"], "K.out = -8.0 is not allowed: must be a finite number > 0"),
        (["--set", "K.out=lots"], "K.out = 'lots' is not allowed: must be a number"),
        (["--set", "K.out"], "--set = 'K.out' is not allowed: must be KEY=VALUE"),
        (["--set", "temp_c=-300"], "temp_c = -300.0 is not allowed: must be a finite number > -273.15 °C"),
        (["--set", "pump_ratio=0"], "pump_ratio = 0.0 is not allowed"),
        (["--set", "K.in=1e308"], "K.in = 1e+308 is not allowed: must be from 1e-09 to 1000 mM ("),
        (["--set", "pump_ratio=0.5"], "pump_ratio = 0.5 is not allowed: must be from 1 to 3 (a Na⁺/K⁺-ATPase"),
        (["--set", "temp_c=300"], "temp_c = 300.0 is not allowed: must be from -2 to 45 °C (from sea water's"),
        (["--set", "radius_um=1e-6"], "radius_um = 1e-06 is not allowed: must be from 0.5 to 1000 µm ("),
        (["--set", "permeability_scale_cm_per_s=1e-30"], "permeability_scale_cm_per_s = 1e-30 is not allowed: "
                                                         "must be from 1e-11 to 0.001 cm/s ("),
        (["--set", "permeability_scale_cm_per_s=1e30"], "permeability_scale_cm_per_s = 1e+30 is not allowed"),
        (["--set", "cl_passive=2"], "cl_passive = 2.0 is not allowed: must be true or false (1 or 0)"),
        (["--set", "K.out=40"], "lies below E_K (−33.5 mV): K⁺ would leak in"),
        (["--set", "K.in=1", "--set", "K.out=140"], "Lower K.out to at most 0.206 mM"),
        (["--set", "K.permeability=0"], "the pump model needs a K⁺ leak"),
        (["--cell", "squid"], "cell = 'squid' is not allowed: must be one of neuron, skeletal_muscle,"),
        (["--params", "/no/such.toml"], "--params = '/no/such.toml' is not allowed: must be a readable TOML file"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(args, message):
    result = run("-m", "physics", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("text", "message"), [("K.out = [", "readable TOML file"), ("[K]\nmass = 3\n", "'K.mass'"),
                                               ('temp_c = "warm"\n', "temp_c = 'warm'")])
def test_bad_params_file(tmp_path, text, message):
    params = tmp_path / "bad.toml"
    params.write_text(text)
    result = run("-m", "physics", "--params", str(params))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_render_uses_the_same_parser():
    assert run("render.py", "--list-cells").stdout.split() == list(physics.PRESETS)
    assert run("render.py", "--list-scenes").stdout.split() == [
        "hook", "charge_separation", "potassium_leak", "goldman", "sodium_potassium_pump", "why_it_matters"]
    dry = run("render.py", "--dry-run", "--cell", "skeletal_muscle", "--set", "radius_um=30")
    assert dry.returncode == 0 and "dry run: nothing rendered" in dry.stdout, dry.stderr
    bad = run("render.py", "--dry-run", "--set", "K.out=0")
    assert bad.returncode == 2 and "K.out = 0.0 is not allowed" in bad.stderr and "Traceback" not in bad.stderr


def test_a_batch_variant_sets_its_format_and_the_command_line_overrides_it(tmp_path):
    from common.format import SQUARE, VERTICAL
    from pipeline.cli import parser, read_batch

    batch = tmp_path / "formats.toml"
    batch.write_text('[[variant]]\nname = "short"\ncell = "neuron"\nformat = "vertical"\n'
                     '[[variant]]\nname = "wide"\ncell = "neuron"\n', encoding="utf-8")
    argv = ["--batch", str(batch), "--out", str(tmp_path / "out")]
    short, wide = read_batch(parser().parse_args(argv), argv)
    assert (short.job.fmt, wide.job.fmt.name) == (VERTICAL, "landscape")
    argv += ["--format", "square"]
    assert {v.job.fmt for v in read_batch(parser().parse_args(argv), argv)} == {SQUARE}
