#include "mfa/QrPng.h"

#include <png.h>
#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace ta::mfa {

namespace {

// The QR spec requires a 4-module light margin; scanners fail on tight crops without it.
constexpr int kQuietZone = 4;
// Large enough to scan from a screen at a glance, small enough to keep the data: URL short.
constexpr int kPixelsPerModule = 6;

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

std::string QrPng::encode(const std::string& text) {
  // 8-bit mode keeps the bytes exactly as given (no Kanji/alphanumeric guessing), and ECC M
  // survives screen glare while leaving room for long otpauth URLs.
  std::unique_ptr<QRcode, QrFree> qr(QRcode_encodeData(
      static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
      QR_ECLEVEL_M));
  if (!qr) {
    const int e = errno;
    throw std::runtime_error(std::string("QR encoding failed: ") +
                             (e == ERANGE ? "text too long for a QR code" : std::strerror(e)));
  }

  const int modules = qr->width + 2 * kQuietZone;
  const int side = modules * kPixelsPerModule;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(side) * side, 0xff);
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) {
      if ((qr->data[y * qr->width + x] & 1) == 0) continue;
      const int px = (x + kQuietZone) * kPixelsPerModule;
      const int py = (y + kQuietZone) * kPixelsPerModule;
      for (int dy = 0; dy < kPixelsPerModule; ++dy) {
        std::memset(&pixels[static_cast<std::size_t>(py + dy) * side + px], 0x00,
                    kPixelsPerModule);
      }
    }
  }

  // The simplified write API reports errors through image.message instead of longjmp, which
  // would skip C++ destructors.
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(side);
  image.height = static_cast<png_uint_32>(side);
  image.format = PNG_FORMAT_GRAY;

  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), side, nullptr)) {
    const std::string msg = image.message;
    png_image_free(&image);
    throw std::runtime_error("PNG encoding failed: " + msg);
  }
  std::string png(size, '\0');
  if (!png_image_write_to_memory(&image, &png[0], &size, 0, pixels.data(), side, nullptr)) {
    const std::string msg = image.message;
    png_image_free(&image);
    throw std::runtime_error("PNG encoding failed: " + msg);
  }
  png.resize(size);
  return png;
}

}  // namespace ta::mfa
