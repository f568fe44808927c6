// The firmware's main loop, without board support: every millisecond, read the sensors, step
// the device (controller + supervisor), write the actuators. Built for the Cortex-M4 to measure
// the core's flash and RAM; on the bench the same core runs inside the simulator.

#include "core/device.hpp"

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

bfr::core::Device g_device;  // static storage: no heap anywhere

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
    core::Inputs in;
    in.cuff_pressure = units::mmHg(static_cast<double>(g_adc_main_mmHg));
    in.cuff_line_pressure = units::mmHg(static_cast<double>(g_adc_line_mmHg));
    in.host_heartbeat = true;
    const auto out = g_device.step(units::at_seconds(static_cast<double>(now_ms) / 1000.0), in);
    g_pwm_pump = out.actuators.pump_duty;
    g_pwm_vent = out.actuators.vent_opening;
    g_gpio_inflate = out.actuators.inflate_valve_open;
    g_gpio_dump = out.actuators.dump_valve_powered;
    g_millis = now_ms + 1;
  }
}
