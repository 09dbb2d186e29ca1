#pragma once
// Per-firm lists of up to `width` entries (FirmState's partner links and former partners)
// in blocks carved from shared arrays. Most firms hold a few links of the many allowed, so
// each firm holds a block of the smallest size class that fits (0, 4, 8, 16, ... entries,
// the last class `width`) instead of `width` entries. Entry j stays entry j when a block
// grows: it is copied into a block of a larger class, and the old block goes to the free
// list of its class (linked through its first entry), which later growths reuse. The arrays
// grow only when more blocks of a class are in use at once than ever before.
#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace clustersim {

class SlotPool {
 public:
  static constexpr std::int32_t kEmpty = -1;  // an unused entry (kNoAgent)
  static constexpr int kMaxClasses = 8;       // 0, 4, 8, ..., 256: widths up to 256

  // Ids, and with `values` a trust and a scratch byte per entry.
  std::vector<std::int32_t> ids;
  std::vector<double> values;
  std::vector<std::uint8_t> marks;

  // Empties the pool for lists of up to `width` entries, reserving `reserved` entries.
  void reset(int width, bool with_values, std::size_t reserved) {
    if (width > (4 << (kMaxClasses - 2))) throw std::length_error("SlotPool: width above 256");
    width_ = width;
    with_values_ = with_values;
    classes_ = 1;
    widths_.fill(0);
    for (int w = 4; widths_[std::size_t(classes_ - 1)] < width; w *= 2)
      widths_[std::size_t(classes_++)] = std::min(w, width);
    free_.fill(-1);
    ids.clear();
    values.clear();
    marks.clear();
    ids.reserve(reserved);
    if (with_values) {
      values.reserve(reserved);
      marks.reserve(reserved);
    }
  }

  int width() const { return width_; }
  // Entries a block of class c holds.
  int capacity(std::uint8_t c) const { return widths_[c]; }

  // Grows the block (offset, c) so that it holds at least `entries` (at most width()),
  // keeping its entries in place; the new entries are empty. Moves the block, so pointers
  // into the pool are invalid afterwards.
  void reserve(std::uint32_t& offset, std::uint8_t& c, int entries) {
    if (widths_[c] >= entries) return;
    std::uint8_t bigger = c;
    while (widths_[bigger] < entries) ++bigger;
    const std::uint32_t moved = carve(bigger);
    const int kept = widths_[c];
    std::copy_n(ids.begin() + offset, kept, ids.begin() + moved);
    if (with_values_) {
      std::copy_n(values.begin() + offset, kept, values.begin() + moved);
      std::copy_n(marks.begin() + offset, kept, marks.begin() + moved);
    }
    release(offset, c);
    offset = moved;
    c = bigger;
  }

  // Returns the block to its class's free list; the firm holds no block afterwards.
  void release(std::uint32_t& offset, std::uint8_t& c) {
    if (c != 0) {
      ids[offset] = free_[c];
      free_[c] = std::int32_t(offset);
    }
    offset = 0;
    c = 0;
  }

  // Bytes the arrays hold (reserved, whether carved into blocks or not).
  std::size_t bytes() const {
    return ids.capacity() * sizeof(std::int32_t) + values.capacity() * sizeof(double) +
           marks.capacity() * sizeof(std::uint8_t);
  }
  static std::size_t entry_bytes(bool with_values) {
    return sizeof(std::int32_t) + (with_values ? sizeof(double) + sizeof(std::uint8_t) : 0);
  }

 private:
  // A block of class c with every entry empty: from the free list, else from the arrays' end.
  std::uint32_t carve(std::uint8_t c) {
    const auto width = std::size_t(widths_[c]);
    std::size_t offset = 0;
    if (free_[c] >= 0) {
      offset = std::size_t(free_[c]);
      free_[c] = ids[offset];
    } else {
      offset = ids.size();
      if (offset + width > std::size_t(INT32_MAX)) throw std::length_error("SlotPool: full");
      ids.resize(offset + width);
      if (with_values_) {
        values.resize(offset + width);
        marks.resize(offset + width);
      }
    }
    std::fill_n(ids.begin() + std::ptrdiff_t(offset), width, kEmpty);
    if (with_values_) {
      std::fill_n(values.begin() + std::ptrdiff_t(offset), width, 0.0);
      std::fill_n(marks.begin() + std::ptrdiff_t(offset), width, std::uint8_t{0});
    }
    return std::uint32_t(offset);
  }

  int width_ = 0, classes_ = 1;
  bool with_values_ = false;
  std::array<int, kMaxClasses> widths_{};
  std::array<std::int32_t, kMaxClasses> free_{};
};

}  // namespace clustersim
