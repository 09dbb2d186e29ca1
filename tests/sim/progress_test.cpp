// Progress (sim/progress.hpp): a terminal bar that is erased before the summary, and
// plain lines every 10% (or 10 s) for batch logs.
#include "sim/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace clustersim {
namespace {

std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text += char(c);
  return text;
}

int count(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(Progress, batch_logs_get_a_plain_line_every_tenth_and_a_last_one) {
  std::FILE* file = std::tmpfile();
  {
    ProgressBar progress(true, ProgressBar::Style::lines, file);
    for (long done = 1; done <= 1000; ++done) progress.update(done, 1000);
    progress.update(1000, 1000);  // repeated: no second last line
  }
  const std::string text = contents(file);
  std::fclose(file);
  EXPECT_EQ(count(text, "\n"), 10) << text;
  EXPECT_EQ(count(text, "\r"), 0);
  EXPECT_NE(text.find("progress:  10% (100 of 1000)"), std::string::npos) << text;
  EXPECT_NE(text.find("progress: 100% (1000 of 1000)"), std::string::npos) << text;
}

TEST(Progress, the_bar_is_erased_before_anything_else_is_printed) {
  std::FILE* file = std::tmpfile();
  ProgressBar progress(true, ProgressBar::Style::bar, file);
  progress.update(5, 10);
  progress.update(10, 10);
  progress.clear();
  std::fputs("summary\n", file);
  const std::string text = contents(file);
  std::fclose(file);
  EXPECT_NE(text.find("100%"), std::string::npos);
  EXPECT_NE(text.find("\r\033[Ksummary\n"), std::string::npos) << text;
}

TEST(Progress, disabled_prints_nothing) {
  std::FILE* file = std::tmpfile();
  {
    ProgressBar progress(false, ProgressBar::Style::lines, file);
    progress.update(10, 10);
  }
  EXPECT_EQ(contents(file), "");
  std::fclose(file);
}

}  // namespace
}  // namespace clustersim
