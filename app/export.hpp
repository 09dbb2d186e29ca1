#pragma once
// The tidy table of any results file (`clustersim export --tidy-csv`), shared with the
// Python module's reader so both give the same rows (docs/output-format.md, "Export").
#include <ostream>
#include <string>

namespace clustersim::app {

// Writes the file at `path` as CSV to `out`; returns the rows written. Throws InputError
// for a missing, foreign or malformed file.
long export_tidy(const std::string& path, std::ostream& out);

}  // namespace clustersim::app
