#include "app/serve/serve_static.hpp"

#include <fstream>
#include <sstream>

namespace clustersim::app {
namespace {

std::string content_type_of(std::string_view path) {
  const auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

std::optional<StaticFile> static_file(const std::string& request_path) {
  const std::string path = request_path == "/" ? "/index.html" : request_path;
  for (const auto& file : embedded_web_files())
    if (file.path == path) return StaticFile{content_type_of(path), std::string(file.content)};
  for (const auto& library : kLibraryFiles) {
    if (path != library.url) continue;
    std::ifstream in(library.file, std::ios::binary);
    if (!in) return std::nullopt;  // package not installed: the page reports it
    std::ostringstream body;
    body << in.rdbuf();
    return StaticFile{content_type_of(path), body.str()};
  }
  return std::nullopt;
}

}  // namespace clustersim::app
