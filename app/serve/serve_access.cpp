#include "app/serve/serve_access.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <random>
#include <sstream>

namespace clustersim::app {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

bool is_wildcard(const std::string& host) {
  return host == "0.0.0.0" || host == "::" || host.empty();
}

// The addresses of this machine's interfaces, as text.
std::vector<std::string> interface_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (const ifaddrs* item = list; item; item = item->ifa_next) {
    if (!item->ifa_addr) continue;
    char text[INET6_ADDRSTRLEN] = {};
    const int family = item->ifa_addr->sa_family;
    const void* address =
        family == AF_INET ? static_cast<const void*>(
                                &reinterpret_cast<const sockaddr_in*>(item->ifa_addr)->sin_addr)
        : family == AF_INET6
            ? static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(item->ifa_addr)->sin6_addr)
            : nullptr;
    if (address && ::inet_ntop(family, address, text, sizeof text)) out.emplace_back(text);
  }
  ::freeifaddrs(list);
  return out;
}

std::string machine_name() {
  char name[256] = {};
  return ::gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string();
}

bool state_changing(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

// By address, not by text: "127.example.org" is a name that may resolve anywhere.
bool is_loopback_host(const std::string& host) {
  const std::string name = lower(host);
  if (name == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, name.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return ::inet_pton(AF_INET6, name.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::string host_name_of(const std::string& host_header) {
  if (!host_header.empty() && host_header.front() == '[') {
    const auto close = host_header.find(']');
    return lower(host_header.substr(1, close == std::string::npos ? std::string::npos : close - 1));
  }
  const auto colon = host_header.rfind(':');
  return lower(colon == std::string::npos ? host_header : host_header.substr(0, colon));
}

AccessPolicy make_access_policy(const std::string& host,
                                const std::vector<std::string>& extra_hosts) {
  AccessPolicy policy;
  policy.bound_host = host;
  policy.loopback = is_loopback_host(host);
  policy.token = random_token();
  auto& names = policy.allowed_hosts;
  names = {"localhost", "127.0.0.1", "::1"};
  if (!is_wildcard(host)) names.push_back(lower(host));
  if (is_wildcard(host)) {
    const auto addresses = interface_addresses();
    names.insert(names.end(), addresses.begin(), addresses.end());
    if (const auto name = machine_name(); !name.empty()) names.push_back(lower(name));
  }
  for (const auto& extra : extra_hosts) names.push_back(lower(extra));
  return policy;
}

std::string refusal(const AccessPolicy& policy, const RequestFacts& request) {
  const std::string name = host_name_of(request.host);
  const auto& names = policy.allowed_hosts;
  if (std::find(names.begin(), names.end(), name) == names.end())
    return "requests must name this server (Host: one of the names it listens as; add "
           "others with --allow-host), not \"" +
           request.host + "\"";
  if (!state_changing(request.method)) return "";
  if (!policy.token.empty() && request.token == policy.token) return "";
  if (!request.origin.empty()) {
    if (lower(request.origin) == "http://" + lower(request.host)) return "";
    return "cross-site request refused (Origin \"" + request.origin +
           "\" is not this server's page)";
  }
  if (policy.loopback) return "";  // a program on this machine, not a browser
  return "this server listens beyond this machine: a request that changes anything must come "
         "from its page (same Origin) or carry its token in the X-Clustersim-Token header";
}

std::string exposure_warning(const AccessPolicy& policy, int port) {
  std::ostringstream text;
  text << "clustersim serve: WARNING: listening on " << policy.bound_host << ":" << port
       << ", beyond this machine. Anyone who can reach this address can run scenarios here "
          "(processor and memory) and read their results; there is no login and no "
          "encryption. Requests must name one of:";
  for (const auto& name : policy.allowed_hosts) text << ' ' << name;
  text << " (add names with --allow-host); a request that changes anything must come from "
          "the page itself or carry the header X-Clustersim-Token: "
       << policy.token << "\n";
  return text.str();
}

std::string random_token() {
  std::random_device device;
  std::ostringstream id;
  for (int i = 0; i < 4; ++i) id << std::hex << std::setw(8) << std::setfill('0') << device();
  return id.str();
}

}  // namespace clustersim::app
