// The firmware's main loop, without board support: every millisecond, take the host's bytes
// from the UART, read the sensors, step the device (controller + supervisor) through the link
// endpoint, write the actuators and queue telemetry for the UART. Built for the Cortex-M4 to
// measure flash and RAM; on the bench the same code runs inside the virtual device.

#include "link/device_endpoint.hpp"

namespace {

// Board support stand-ins: on hardware these read the ADC and drive PWM and GPIO. The volatile
// registers keep the compiler from optimising the loop away.
volatile float g_adc_main_mmHg = 0.0F;
volatile float g_adc_line_mmHg = 0.0F;
volatile float g_pwm_pump = 0.0F;
volatile float g_pwm_vent = 0.0F;
volatile bool g_gpio_inflate = false;
volatile bool g_gpio_dump = false;
volatile unsigned g_millis = 0;

volatile unsigned char g_uart_rx = 0;
volatile bool g_uart_rx_ready = false;
volatile unsigned char g_uart_tx = 0;

// The UART transmit path: on hardware a DMA ring; here each byte goes to the data register.
struct Uart final : bfr::link::ByteSink {
  void write(std::span<const std::uint8_t> bytes) override {
    for (const auto b : bytes) g_uart_tx = b;
  }
};

bfr::link::DeviceEndpoint g_endpoint;  // static storage: no heap anywhere
Uart g_uart;

}  // namespace

// Any abort (a contract check in the standard library, for instance) lands here: drop every
// actuator to its unpowered, safe state and stop; the watchdog then resets the board. It also
// keeps newlib's own abort(), which drags in signal handling and malloc, out of the image.
extern "C" [[noreturn]] void abort() {
  g_pwm_pump = 0.0F;
  g_gpio_inflate = false;
  g_pwm_vent = 1.0F;
  g_gpio_dump = false;
  for (;;) {
  }
}

int main() {
  using namespace bfr;
  for (;;) {
    const unsigned now_ms = g_millis;
    if (g_uart_rx_ready) {
      const std::uint8_t byte = g_uart_rx;
      g_uart_rx_ready = false;
      g_endpoint.receive(std::span<const std::uint8_t>(&byte, 1), g_uart);
    }
    core::Inputs in;
    in.cuff_pressure = units::mmHg(static_cast<double>(g_adc_main_mmHg));
    in.cuff_line_pressure = units::mmHg(static_cast<double>(g_adc_line_mmHg));
    const auto out = g_endpoint.step(units::at_seconds(static_cast<double>(now_ms) / 1000.0), in, g_uart);
    g_pwm_pump = out.actuators.pump_duty;
    g_pwm_vent = out.actuators.vent_opening;
    g_gpio_inflate = out.actuators.inflate_valve_open;
    g_gpio_dump = out.actuators.dump_valve_powered;
    g_millis = now_ms + 1;
  }
}
