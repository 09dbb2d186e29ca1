// clustersim.InputError: bad input (a scenario, an override, a targets or results file),
// carrying every problem with its file, line, column and key, as the program prints them.
#include "bindings.hpp"
#include "sim/diagnostics.hpp"
#include "sim/interrupt.hpp"

namespace clustersim::python {
namespace {

py::dict problem_dict(const Diagnostic& d) {
  py::dict problem;
  problem["file"] = d.where.file;
  problem["line"] = d.where.line;
  problem["column"] = d.where.column;
  problem["key"] = d.key;
  problem["message"] = d.message;
  return problem;
}

// The exception's attributes: `problems`, a list of dicts, and the first one's fields
// (None when the error has no position, e.g. a missing results file).
void raise_input_error(py::handle type, const InputError& error) {
  py::object exception = type(error.what());
  py::list problems;
  for (const auto& d : error.diagnostics().items()) problems.append(problem_dict(d));
  exception.attr("problems") = problems;
  for (const char* field : {"file", "line", "column", "key", "message"})
    exception.attr(field) =
        problems.empty() ? py::object(py::none()) : py::object(problems[0][field]);
  PyErr_SetObject(type.ptr(), exception.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  // A ValueError, so code catching bad values catches it too.
  static py::handle type = PyErr_NewExceptionWithDoc(
      "clustersim.InputError",
      "Bad input: a scenario, override, targets or results file. Attributes: problems (a list "
      "of dicts with file, line, column, key and message, one per problem, as the program "
      "reports them) and the first problem's file, line, column, key and message.",
      PyExc_ValueError, nullptr);
  m.attr("InputError") = type;
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const InputError& error) {
      raise_input_error(type, error);
    } catch (const Interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });
}

}  // namespace clustersim::python
