#include "sim/csv_writer.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "sim/output_path.hpp"
#include "sim/results_file.hpp"

namespace clustersim {

std::string csv_field(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

CsvWriter::CsvWriter(std::ostream& out, std::vector<std::string> header)
    : out_(out), columns_(header.size()) {
  row(header);
  rows_ = 0;  // the header is not a row of data
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  if (fields.size() != columns_)
    throw std::invalid_argument("CSV row of " + std::to_string(fields.size()) +
                                " fields under a header of " + std::to_string(columns_));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ << ',';
    out_ << csv_field(fields[i]);
  }
  out_ << '\n';  // LF only: R, pandas and spreadsheets all read it
  ++rows_;
}

AtomicTextFile::AtomicTextFile(std::string path, bool replace)
    : path_(std::move(path)),
      temporary_path_(hidden_beside(path_, ".tmp-" + std::to_string(::getpid()))),
      replace_(replace) {
  out_.open(temporary_path_, std::ios::binary | std::ios::trunc);
  if (!out_)
    throw OutputError(path_ + ": cannot create the temporary file " + temporary_path_ + " (" +
                      std::strerror(errno) + ")");
}

AtomicTextFile::~AtomicTextFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_path_, ignored);
}

void AtomicTextFile::commit() {
  out_.flush();
  out_.close();
  if (!out_) throw OutputError(path_ + ": cannot write " + temporary_path_ + " (a full disk?)");
  const int flags = replace_ ? 0 : RENAME_NOREPLACE;
  int result = ::renameat2(AT_FDCWD, temporary_path_.c_str(), AT_FDCWD, path_.c_str(), flags);
  if (result != 0 && errno == EINVAL && !replace_) {
    // A file system without RENAME_NOREPLACE: check, then rename.
    std::error_code ignored;
    errno = EEXIST;
    if (!std::filesystem::exists(path_, ignored))
      result = ::rename(temporary_path_.c_str(), path_.c_str());
  }
  if (result != 0) {
    const int error = errno;
    if (error == EEXIST)
      throw OutputError(path_ +
                        ": appeared while this command was writing; not replaced "
                        "(add --force to replace it)");
    throw OutputError(path_ + ": cannot move " + temporary_path_ + " into place (" +
                      std::strerror(error) + ")");
  }
  committed_ = true;
}

}  // namespace clustersim
