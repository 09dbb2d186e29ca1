#pragma once
// Internal to the results file writer and reader (sim/results_file.cpp,
// sim/results_reader.cpp): the HDF5 string type both use.
#include <H5Cpp.h>

namespace clustersim::detail {

// Variable-length UTF-8 strings, as every text attribute and dataset is stored.
inline H5::StrType utf8_string_type() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

}  // namespace clustersim::detail
