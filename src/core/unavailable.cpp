#include "core/unavailable.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace cqdt {
namespace {

std::mutex& ClassifierMutex() {
  static std::mutex mu;
  return mu;
}

std::vector<UnavailableClassifier>& Classifiers() {
  static std::vector<UnavailableClassifier> classifiers;
  return classifiers;
}

}  // namespace

void AddUnavailableClassifier(UnavailableClassifier classifier) {
  std::lock_guard lock(ClassifierMutex());
  auto& all = Classifiers();
  if (classifier != nullptr && std::find(all.begin(), all.end(), classifier) == all.end()) {
    all.push_back(classifier);
  }
}

bool IsUnavailable(const std::exception& e) {
  if (dynamic_cast<const UnavailableError*>(&e) != nullptr) {
    return true;
  }
  std::lock_guard lock(ClassifierMutex());
  for (auto* classify : Classifiers()) {
    if (classify(e)) {
      return true;
    }
  }
  return false;
}

}  // namespace cqdt
