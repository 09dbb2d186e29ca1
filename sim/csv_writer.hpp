#pragma once
// Tables as CSV (RFC 4180) for R, pandas and spreadsheets, and a text file that appears
// under its final name only when complete (like ResultsWriter's HDF5 files).
#include <fstream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim {

// `text` as a CSV field: quoted when it holds a comma, quote, line break or leading or
// trailing space, with inner quotes doubled.
std::string csv_field(std::string_view text);
// The shortest text that reads back as exactly `value`; NaN, Inf and -Inf as R and pandas
// read them.
std::string csv_number(double value);

// Writes rows of a fixed number of fields; the header is the first row.
class CsvWriter {
 public:
  CsvWriter(std::ostream& out, std::vector<std::string> header);
  // Throws std::invalid_argument when `fields` is not one per header column.
  void row(const std::vector<std::string>& fields);
  std::size_t columns() const { return columns_; }
  long rows() const { return rows_; }

 private:
  std::ostream& out_;
  std::size_t columns_;
  long rows_ = 0;
};

// A text file written under a hidden temporary name beside `path` (".NAME.tmp-PID", which
// remove_stale_temporaries clears after a crash) and renamed to `path` by commit(); the
// destructor removes the temporary unless committed. Errors are OutputError.
class AtomicTextFile {
 public:
  // `replace`: commit() may replace an existing file (--force); else it fails if one appeared.
  AtomicTextFile(std::string path, bool replace);
  ~AtomicTextFile();
  AtomicTextFile(const AtomicTextFile&) = delete;
  AtomicTextFile& operator=(const AtomicTextFile&) = delete;
  std::ostream& stream() { return out_; }
  const std::string& temporary_path() const { return temporary_path_; }
  void commit();

 private:
  std::string path_, temporary_path_;
  std::ofstream out_;
  bool replace_ = false, committed_ = false;
};

}  // namespace clustersim
