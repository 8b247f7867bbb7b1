#pragma once

// SQL fragments every store shares. A timestamp column as the API shows it: ISO 8601
// UTC with milliseconds ("2024-01-15T10:30:00.000Z"); NULL stays NULL.
#define TA_SQL_ISO8601(col) \
    "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
