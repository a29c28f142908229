"""Lambda managed runtimes and the dates AWS deprecates them: data, in one place.

Taken from the AWS Lambda Developer Guide, "Lambda runtimes"
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), supported and
deprecated runtime tables, as published in November 2025 (``TABLE_DATE``). The date is
"Deprecation date" (phase 1: no more security patches; creating functions is blocked soon
after). For runtimes that were still supported when the table was taken the dates are AWS's
projections, which AWS sometimes extends: refresh this table from that page when it does.
Runtime identifiers not listed here (new runtimes) count as supported.
"""

from __future__ import annotations

from datetime import date

TABLE_DATE = date(2025, 11, 1)

DEPRECATION_DATES: dict[str, date] = {
    # Supported when the table was taken: projected dates.
    "nodejs24.x": date(2028, 4, 30),
    "nodejs22.x": date(2027, 4, 30),
    "nodejs20.x": date(2026, 4, 30),
    "python3.14": date(2029, 6, 30),
    "python3.13": date(2029, 6, 30),
    "python3.12": date(2028, 10, 31),
    "python3.11": date(2026, 6, 30),
    "python3.10": date(2026, 6, 30),
    "python3.9": date(2025, 12, 15),
    "java25": date(2029, 6, 30),
    "java21": date(2029, 6, 30),
    "java17": date(2026, 6, 30),
    "java11": date(2026, 6, 30),
    "java8.al2": date(2026, 6, 30),
    "dotnet10": date(2028, 11, 14),
    "dotnet8": date(2026, 11, 10),
    "ruby3.4": date(2028, 3, 31),
    "ruby3.3": date(2027, 3, 31),
    "ruby3.2": date(2026, 3, 31),
    "provided.al2023": date(2029, 6, 30),
    "provided.al2": date(2026, 6, 30),
    # Deprecated before the table was taken.
    "nodejs18.x": date(2025, 9, 1),
    "nodejs16.x": date(2024, 6, 12),
    "nodejs14.x": date(2023, 12, 4),
    "nodejs12.x": date(2023, 3, 31),
    "nodejs10.x": date(2021, 7, 30),
    "nodejs8.10": date(2020, 3, 6),
    "nodejs6.10": date(2019, 8, 12),
    "nodejs4.3-edge": date(2019, 4, 30),
    "nodejs4.3": date(2020, 3, 6),
    "nodejs": date(2016, 10, 31),
    "python3.8": date(2024, 10, 14),
    "python3.7": date(2023, 12, 4),
    "python3.6": date(2022, 7, 18),
    "python2.7": date(2021, 7, 15),
    "java8": date(2024, 1, 8),
    "dotnet7": date(2024, 5, 14),
    "dotnet6": date(2024, 12, 20),
    "dotnet5.0": date(2022, 5, 10),
    "dotnetcore3.1": date(2023, 4, 3),
    "dotnetcore2.1": date(2022, 1, 5),
    "dotnetcore2.0": date(2019, 5, 30),
    "dotnetcore1.0": date(2019, 7, 30),
    "ruby2.7": date(2023, 12, 7),
    "ruby2.5": date(2021, 7, 30),
    "go1.x": date(2024, 1, 8),
    "provided": date(2024, 1, 8),
}
