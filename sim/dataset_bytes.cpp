#include "sim/dataset_bytes.hpp"

#include <cstring>
#include <stdexcept>

namespace clustersim {
namespace {

class Writer {
 public:
  template <class T>
  void number(T value) {
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void text(const std::string& value) {
    number<std::uint64_t>(value.size());
    bytes_ += value;
  }
  template <class T>
  void values(const std::vector<T>& values) {
    number<std::uint64_t>(values.size());
    if constexpr (std::is_same_v<T, std::string>)
      for (const auto& v : values) text(v);
    else
      bytes_.append(reinterpret_cast<const char*>(values.data()), sizeof(T) * values.size());
  }
  void group(const DatasetGroup& g) {
    number<std::uint64_t>(g.datasets.size());
    for (const auto& d : g.datasets) {
      text(d.name);
      text(d.units);
      values(d.dims);
      number<std::uint8_t>(std::uint8_t(d.values.index()));
      std::visit([&](const auto& v) { values(v); }, d.values);
    }
    number<std::uint64_t>(g.attributes.size());
    for (const auto& [name, value] : g.attributes) {
      text(name);
      number<std::uint8_t>(std::uint8_t(value.index()));
      std::visit(
          [&](const auto& v) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
              text(v);
            else
              number(v);
          },
          value);
    }
    number<std::uint64_t>(g.children.size());
    for (const auto& child : g.children) {
      text(child.name);
      group(child.group);
    }
  }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}
  template <class T>
  T number() {
    T value;
    take(&value, sizeof value);
    return value;
  }
  std::string text() {
    std::string value(count(1), '\0');
    take(value.data(), value.size());
    return value;
  }
  template <class T>
  std::vector<T> values() {
    if constexpr (std::is_same_v<T, std::string>) {
      std::vector<std::string> out(count(sizeof(std::uint64_t)));
      for (auto& v : out) v = text();
      return out;
    } else {
      std::vector<T> out(count(sizeof(T)));
      take(out.data(), sizeof(T) * out.size());
      return out;
    }
  }
  DatasetGroup group() {
    DatasetGroup g;
    for (auto n = count(1); n > 0; --n) {
      Dataset d;
      d.name = text();
      d.units = text();
      d.dims = values<std::uint64_t>();
      switch (number<std::uint8_t>()) {
        case 0:
          d.values = values<double>();
          break;
        case 1:
          d.values = values<std::int32_t>();
          break;
        case 2:
          d.values = values<std::uint8_t>();
          break;
        case 3:
          d.values = values<std::int8_t>();
          break;
        case 4:
          d.values = values<std::string>();
          break;
        default:
          fail();
      }
      g.datasets.push_back(std::move(d));
    }
    for (auto n = count(1); n > 0; --n) {
      std::string name = text();
      switch (number<std::uint8_t>()) {
        case 0:
          g.attributes.emplace_back(std::move(name), text());
          break;
        case 1:
          g.attributes.emplace_back(std::move(name), number<double>());
          break;
        case 2:
          g.attributes.emplace_back(std::move(name), number<std::int32_t>());
          break;
        default:
          fail();
      }
    }
    for (auto n = count(1); n > 0; --n) {
      std::string name = text();
      g.children.emplace_back(std::move(name), group());
    }
    return g;
  }
  bool done() const { return at_ == bytes_.size(); }
  [[noreturn]] static void fail() { throw std::runtime_error("not a dataset group's bytes"); }

 private:
  // A count of items of at least `size` bytes each, checked against what is left.
  std::size_t count(std::size_t size) {
    const auto n = number<std::uint64_t>();
    if (n > (bytes_.size() - at_) / size) fail();
    return std::size_t(n);
  }
  void take(void* out, std::size_t size) {
    if (size > bytes_.size() - at_) fail();
    if (size) std::memcpy(out, bytes_.data() + at_, size);
    at_ += size;
  }
  const std::string& bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::string group_to_bytes(const DatasetGroup& group) {
  Writer writer;
  writer.group(group);
  return writer.take();
}

DatasetGroup group_from_bytes(const std::string& bytes) {
  Reader reader(bytes);
  DatasetGroup group = reader.group();
  if (!reader.done()) Reader::fail();
  return group;
}

}  // namespace clustersim
