#pragma once
// The observed moments a calibration fits (docs/calibration.md): each reduces one metric's
// monthly series over a window to one number, and carries the observed value, how precise
// it is and where it comes from. The reduction is applied the same way to the data (by
// whoever wrote the target) and to every simulated replication (here), so what is compared
// is defined once.
#include <string>
#include <vector>

#include "sim/enum_names.hpp"
#include "sim/year_month.hpp"

namespace clustersim {

// How a window of monthly values (columns labelled "YYYY-MM", both ends included) becomes
// one number. `final` uses the month `to` alone.
enum class Reduction {
  final,   // x(to): a level at the window's end (stocks)
  mean,    // mean of x(from..to)
  sum,     // sum of x(from..to): a total over the window (flows)
  rate,    // (x(to) / x(from))^(12 / months) - 1: annualised growth, months = to - from
  growth,  // x(to) / x(from) - 1: growth over the whole window
  // sum of x(from..to) / sum of the same months a year earlier - 1: an index against the
  // same period of the previous year, as Rosstat reports production (flows)
  year_on_year,
};

inline constexpr NameTable<Reduction, 6> kReductionNames{{
    {Reduction::final, "final"},
    {Reduction::mean, "mean"},
    {Reduction::sum, "sum"},
    {Reduction::rate, "rate"},
    {Reduction::growth, "growth"},
    {Reduction::year_on_year, "year_on_year"},
}};

struct MomentTarget {
  std::string name;    // unique among the targets
  std::string metric;  // the metric reduced
  Reduction reduction = Reduction::final;
  YearMonth from, to;  // the window; `from` unused by `final`
  double value = 0;    // the observed moment
  // Its precision: the standard error (> 0), or else a weight (> 0) chosen by the user;
  // exactly one is set, the other is 0. See docs/calibration.md for what each implies.
  double standard_error = 0, weight = 0;
  std::string source;  // where the value comes from
};

// The first month the target's reduction reads: `to` for final, twelve months before
// `from` for year_on_year, else `from`.
YearMonth first_month_read(const MomentTarget& target);

// One replication's moment: `values` of the target's metric, one per column, with the
// columns' `labels` ("YYYY-MM"). Throws std::invalid_argument when a month of the window
// is not a column. NaN when the reduction is undefined there (a rate or growth from 0,
// or a negative ratio under a fractional power), so the caller decides what that costs.
double reduce_series(const MomentTarget& target, const std::vector<std::string>& labels,
                     const std::vector<double>& values);

// Reads a targets file (docs/calibration.md: an array of [[target]] tables). Throws
// InputError listing every problem with its file:line:column, what was wrong and what
// was expected.
std::vector<MomentTarget> read_targets(const std::string& path);
// The same for a text named `source_name` in positions (tests, uploads).
std::vector<MomentTarget> read_targets_text(const std::string& text,
                                            const std::string& source_name);

}  // namespace clustersim
