# Finds what the Python module (python/) needs: Python's interpreter and headers, and
# pybind11. Sets CLUSTERSIM_PYTHON_ENABLED; without them everything else still builds.
# Debian's interpreter first: the tests and tools run /usr/bin/python3, whose pandas,
# numpy and h5py the module's Python part uses (a python3 earlier on PATH may lack them).
if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python_EXECUTABLE /usr/bin/python3)
endif()
find_package(Python 3.9 COMPONENTS Interpreter Development.Module)
if(Python_FOUND)
  # After FindPython, pybind11's config uses the interpreter found above.
  find_package(pybind11 2.6 CONFIG QUIET)
endif()
if(Python_FOUND AND pybind11_FOUND)
  set(CLUSTERSIM_PYTHON_ENABLED ON)
  message(STATUS "Python module: on (Python ${Python_VERSION}, pybind11 ${pybind11_VERSION})")
else()
  set(CLUSTERSIM_PYTHON_ENABLED OFF)
  message(STATUS "Python module: off (needs Python's headers and pybind11: apt-get install "
                 "python3-dev pybind11-dev)")
endif()
