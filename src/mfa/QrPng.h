#pragma once

#include <string>

namespace ta::mfa {

// Renders the otpauth URL as a PNG so the 2FA setup response can embed it as a data: URL and
// the client needs no QR library of its own.
struct QrPng {
  // Throws std::runtime_error when the text does not fit a QR code or encoding fails.
  static std::string encode(const std::string& text);
};

}  // namespace ta::mfa
