"""Variable values: defaults, tfvars files in Terraform's order, --var-file and --var."""

from __future__ import annotations

from typing import Any

import pytest
from tf_helpers import FIXTURES, by_address, load

from secfound.errors import ConfigError
from secfound.model.aws.ec2 import Volume
from secfound.model.values import Unresolved


def probe(**kwargs: Any) -> Volume:
    result = load("variables", **kwargs)
    assert result.errors == ()
    volume = by_address(result)["aws_ebs_volume.probe"]
    assert isinstance(volume, Volume)
    return volume


def test_files_in_the_directory_apply_in_terraform_order() -> None:
    volume = probe()
    tags = volume.properties["tags"]
    # terraform.tfvars < a.auto.tfvars < b.auto.tfvars.json
    assert tags["name"] == "from-auto-b-json"
    assert tags["tfvars_only"] == "tfvars"
    assert tags["json_only"] == {"k": 1}
    # "2" from terraform.tfvars converted to the declared number type
    assert volume.size_gib == 2
    assert tags["untyped"] == "untyped-default"
    assert tags["zones"] == []
    assert tags["cli_string"] == "x"


def test_a_variable_without_value_is_unresolved_by_name() -> None:
    volume = probe()
    assert isinstance(volume.encrypted, Unresolved)
    assert volume.encrypted.expression == "var.enabled"
    never = volume.properties["tags"]["never_set"]
    assert isinstance(never, Unresolved) and never.expression == "var.never_set"
    joined = volume.properties["tags"]["joined"]
    assert isinstance(joined, Unresolved)
    assert joined.template == "from-auto-b-json/${var.never_set}"


def test_var_files_then_vars_override() -> None:
    volume = probe(
        var_files=[FIXTURES / "variables" / "extra.tfvars"],
        variables={"name": "cli", "zones": '["a", "b"]', "cli_string": "[1]", "size": "7"},
    )
    tags = volume.properties["tags"]
    assert volume.encrypted is True  # "true" from extra.tfvars, converted to bool
    assert volume.size_gib == 7  # --var beats the var file
    assert tags["name"] == "cli"
    assert tags["zones"] == ["a", "b"]  # typed list: parsed as HCL
    assert tags["cli_string"] == "[1]"  # string type: taken as it is


def test_untyped_variable_takes_the_var_as_a_string() -> None:
    volume = probe(variables={"untyped": "[1, 2]"})
    assert volume.properties["tags"]["untyped"] == "[1, 2]"


def test_bad_var_file_is_a_config_error_with_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load("variables", var_files=[FIXTURES / "variables" / "bad.tfvars"])
    assert caught.value.path == "variables/bad.tfvars"
    assert caught.value.line is not None


def test_missing_var_file_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load("variables", var_files=[FIXTURES / "variables" / "nope.tfvars"])


def test_bad_typed_var_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="zones"):
        load("variables", variables={"zones": "[1,"})
