"""The model classes by resource type and by class name (for case files and tests)."""

from __future__ import annotations

from functools import cache

from secfound.model.resource import Resource


@cache
def model_classes() -> dict[str, type[Resource]]:
    """Every concrete model class, keyed by resource type (``AWS::S3::Bucket``)."""
    from secfound.model.aws import account, cloudtrail, ec2, iam, kms, s3

    classes: dict[str, type[Resource]] = {}
    for module in (account, cloudtrail, ec2, iam, kms, s3):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Resource)
                and value.resource_type
                and value.__module__ == module.__name__
            ):
                classes[value.resource_type] = value
    return classes


def class_for(name: str) -> type[Resource]:
    """A model class by resource type or class name (``AWS::S3::Bucket`` or ``Bucket``)."""
    classes = model_classes()
    if name in classes:
        return classes[name]
    for cls in classes.values():
        if cls.__name__ == name:
            return cls
    raise KeyError(name)
