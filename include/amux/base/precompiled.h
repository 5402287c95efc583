// The standard headers most files include, precompiled once a build (CMake's AMUX_PCH, on
// by default): parsing them took about 40% of every compile. Files still include what they
// use; configure with -DAMUX_PCH=OFF to check that.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>
