#!/usr/bin/env python3
"""Drives the web page in headless Chromium through Selenium (Debian's python3-selenium and
chromium-driver), one scenario per run, against a running synthcast server.

    session_page.py SCENARIO BASE_URL [ARGUMENTS...]

Prints what it measured; exits 1 with the reason when the page does not do what it should.
The Swift tests (Tests/ServerTests/WebPageTests.swift) start the server and run each scenario.
"""
import json
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def api(base, path, method="GET", body=None):
    request = urllib.request.Request(base + path, method=method, headers={"Accept": "application/json"})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def browser(width=1280, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--autoplay-policy=no-user-gesture-required", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


def wait(driver, seconds=10):
    return WebDriverWait(driver, seconds, poll_frequency=0.05)


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def open_session(driver, base, token):
    driver.get(f"{base}/play/{token}")
    wait(driver).until(lambda d: d.find_element(By.ID, "title").text not in ("", "Session"))


def open_controls(driver, base, token):
    open_session(driver, base, token)
    wait(driver).until(ready.visibility_of_element_located((By.ID, "controls")))
    wait(driver).until(lambda d: d.find_element(By.ID, "value-cutoff").get_attribute("value") != "")


def value_of(base, token, key):
    return api(base, f"/sessions/{token}/params")["params"][key]


# Scenarios: each takes the driver, the base URL and its arguments.

def start_page(driver, base):
    """/ lists every preset; "New session" on one opens its session page with the knobs."""
    presets = [preset["name"] for preset in api(base, "/presets")["presets"]]
    driver.get(base + "/")
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#presets li")) == len(presets))
    shown = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "#presets h2")]
    check(shown == presets, f"the gallery shows {shown}, the server has {presets}")
    driver.find_element(By.CSS_SELECTOR, 'button[data-preset="drone"]').click()
    wait(driver).until(lambda d: "/play/" in d.current_url)
    token = driver.current_url.rsplit("/", 1)[1]
    wait(driver).until(ready.visibility_of_element_located((By.ID, "controls")))
    check(driver.find_element(By.ID, "title").text == "drone", "the session page's title is not the preset")
    session = api(base, f"/sessions/{token}")
    check(session["preset"] == "drone", f"the new session is {session['preset']}")
    knobs = driver.find_elements(By.CSS_SELECTOR, "#knobs [data-key]")
    schema = api(base, "/params")["params"]
    keys = {element.get_attribute("data-key") for element in knobs}
    check(keys == {row["key"] for row in schema}, f"knobs for {len(keys)} of {len(schema)} parameters")
    groups = [legend.text for legend in driver.find_elements(By.CSS_SELECTOR, "#knobs legend")]
    check(groups == list(dict.fromkeys(row["group"] for row in schema)), f"groups {groups}")
    return {"presets": len(presets), "knobs": len(keys), "groups": len(groups)}


def plays_in_real_time(driver, base, token):
    """Play: the <audio> element's currentTime advances with the wall clock."""
    open_session(driver, base, token)
    driver.find_element(By.ID, "play").click()
    audio = driver.find_element(By.ID, "audio")
    wait(driver, 15).until(lambda d: float(audio.get_property("currentTime")) > 0.5)
    media0, wall0 = float(audio.get_property("currentTime")), time.monotonic()
    time.sleep(4)
    media1, wall1 = float(audio.get_property("currentTime")), time.monotonic()
    rate = (media1 - media0) / (wall1 - wall0)
    check(0.85 < rate < 1.15, f"currentTime advanced {media1 - media0:.2f} s in {wall1 - wall0:.2f} s")
    check(driver.find_element(By.ID, "play").get_attribute("aria-pressed") == "true", "Play is not pressed")
    listeners = driver.find_element(By.ID, "listeners").text
    wait(driver).until(lambda d: d.find_element(By.ID, "listeners").text.startswith("1 listener"))
    level = float(driver.find_element(By.ID, "level").get_property("value"))
    check(level > 0, "the level meter stays at zero while playing")
    # Lock screens and media keys: the preset as the title, and playing.
    media = driver.execute_script("return [navigator.mediaSession.metadata?.title, navigator.mediaSession.playbackState]")
    check(media == [api(base, f"/sessions/{token}")["preset"], "playing"], f"MediaSession says {media}")
    driver.find_element(By.ID, "play").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "audio").get_property("paused"))
    check(driver.execute_script("return navigator.mediaSession.playbackState") == "paused", "paused, MediaSession still says playing")
    return {"rate": round(rate, 3), "listeners": listeners, "level": level, "media_session": media}


def knob_moves_the_session(driver, base, token):
    """Keys on a slider, an exact typed value and a fast drag all reach the session; a value
    the server refuses shows its reason."""
    open_controls(driver, base, token)
    slider = driver.find_element(By.ID, "knob-cutoff")
    number = driver.find_element(By.ID, "value-cutoff")
    before = float(number.get_attribute("value"))
    slider.send_keys(Keys.ARROW_UP * 5)
    wait(driver).until(lambda d: value_of(base, token, "cutoff") == float(number.get_attribute("value")))
    after_keys = value_of(base, token, "cutoff")
    # Exponential: five hundredths of the travel up is the same ratio anywhere on it.
    schema = {row["key"]: row for row in api(base, "/params")["params"]}
    row = schema["cutoff"]
    expected = before * (row["max"] / row["min"]) ** 0.05
    check(abs(after_keys / expected - 1) < 0.01, f"five steps up from {before} gave {after_keys}, not about {expected:.0f}")

    number.clear()
    number.send_keys("1234" + Keys.TAB)
    wait(driver).until(lambda d: value_of(base, token, "cutoff") == 1234)

    # A drag of 200 steps in a second: at most about 20 requests a second, and the last value arrives.
    driver.execute_script("""
        window.patches = 0;
        const original = window.fetch;
        window.fetch = (url, init) => { if (init && init.method === 'PATCH') window.patches += 1; return original(url, init); };
    """)
    driver.execute_script("""
        const slider = document.getElementById('knob-cutoff');
        let step = 0;
        const timer = setInterval(() => {
            slider.value = String(200 + step * 3);
            slider.dispatchEvent(new Event('input', {bubbles: true}));
            if (++step === 200) clearInterval(timer);
        }, 5);
    """)
    time.sleep(2)
    final = float(number.get_attribute("value"))
    wait(driver, 3).until(lambda d: value_of(base, token, "cutoff") == final)
    patches = driver.execute_script("return window.patches")
    check(patches <= 30, f"{patches} requests for one drag")

    select = driver.find_element(By.ID, "knob-wave")
    options = [option.get_attribute("value") for option in select.find_elements(By.TAG_NAME, "option")]
    choice = options[-1] if value_of(base, token, "wave") != options[-1] else options[0]
    select.send_keys(choice)
    wait(driver).until(lambda d: value_of(base, token, "wave") == choice)
    errors = console_errors(driver)
    check(not errors, f"console errors: {errors}")

    # A value the server refuses: its reason shows on the page, and the session keeps its value.
    number.clear()
    number.send_keys("99999" + Keys.TAB)
    alert = wait(driver, 3).until(lambda d: d.find_element(By.ID, "error") if d.find_element(By.ID, "error").is_displayed() else None)
    check("cutoff" in alert.text, f"the refusal reads '{alert.text}'")
    check(value_of(base, token, "cutoff") == final, "a refused value changed the session")

    return {"after_keys": after_keys, "drag_requests": patches, "final": final, "wave": choice, "refusal": alert.text[:100]}


def shows_changes_from_elsewhere(driver, base, token):
    """A change made with the plain URL shows on the page within a second."""
    open_controls(driver, base, token)
    delays = []
    for cutoff in (777, 2345, 555):
        urllib.request.urlopen(f"{base}/set_param?id={token}&cutoff={cutoff}", timeout=5).read()
        sent = time.monotonic()
        wait(driver, 3).until(lambda d: d.find_element(By.ID, "value-cutoff").get_attribute("value") == str(cutoff))
        delays.append(time.monotonic() - sent)
    check(max(delays) < 1, f"shown after {delays} s")
    return {"delays_s": [round(delay, 3) for delay in delays]}


def reconnects(driver, base, token):
    """After the connection drops (the server killed and started again), the player plays on
    by itself. Prints "playing" for the test to kill the server, then waits for the audio."""
    open_session(driver, base, token)
    driver.find_element(By.ID, "play").click()
    audio = driver.find_element(By.ID, "audio")
    wait(driver, 15).until(lambda d: float(audio.get_property("currentTime")) > 1)
    print("playing", flush=True)
    wait(driver, 20).until(lambda d: "lost" in d.find_element(By.ID, "status").text)
    lost = driver.find_element(By.ID, "status").text
    wait(driver, 30).until(lambda d: d.find_element(By.ID, "status").text == "Playing")
    resumed = float(audio.get_property("currentTime"))
    time.sleep(3)
    advanced = float(audio.get_property("currentTime")) - resumed
    check(advanced > 2, f"after reconnecting, currentTime advanced {advanced:.2f} s in 3 s")
    return {"said": lost, "advanced": round(advanced, 2)}


def randomize_undo_and_load(driver, base, token):
    """Randomize changes the session, Undo brings it back, Load preset loads one."""
    open_controls(driver, base, token)
    before = api(base, f"/sessions/{token}/params")["params"]
    driver.find_element(By.ID, "randomize").click()
    wait(driver).until(lambda d: api(base, f"/sessions/{token}/params")["params"] != before)
    driver.find_element(By.ID, "undo").click()
    wait(driver).until(lambda d: api(base, f"/sessions/{token}/params")["params"] == before)
    driver.find_element(By.ID, "preset-choice").send_keys("bells")
    driver.find_element(By.ID, "load-preset").click()
    wait(driver).until(lambda d: api(base, f"/sessions/{token}")["preset"] == "bells")
    wait(driver).until(lambda d: d.find_element(By.ID, "title").text == "bells")
    return {"randomized": True}


def save_as_preset(driver, base, token, name):
    """Save as preset puts it in GET /presets; saving again asks before it overwrites."""
    open_controls(driver, base, token)
    field = driver.find_element(By.ID, "save-name")
    field.send_keys(name)
    driver.find_element(By.ID, "save").click()
    wait(driver).until(lambda d: name in [p["name"] for p in api(base, "/presets")["presets"]])
    saved = api(base, f"/presets/{name}")
    check(saved["params"]["cutoff"] == value_of(base, token, "cutoff"), "the saved preset has other values")
    driver.find_element(By.ID, "save").click()
    alert = wait(driver).until(ready.alert_is_present())
    question = alert.text
    alert.accept()
    wait(driver).until(lambda d: "Saved" in d.find_element(By.ID, "status").text)
    return {"asked": question}


def listen_only(driver, base, token):
    """A listen-only page: the player, no knobs, and the control token nowhere."""
    session = api(base, f"/sessions/{token}")
    listen = session["listen_id"]
    open_session(driver, base, listen)
    check(not driver.find_element(By.ID, "controls").is_displayed(), "the knobs show on a listen-only page")
    check(not driver.find_elements(By.CSS_SELECTOR, "#knobs [data-key]"), "knobs were built on a listen-only page")
    driver.find_element(By.ID, "play").click()
    wait(driver, 15).until(lambda d: float(d.find_element(By.ID, "audio").get_property("currentTime")) > 0.3)
    driver.find_element(By.ID, "share-button").click()
    time.sleep(1.2)
    check(token not in driver.page_source, "the control token is in the page")
    requests = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    check(not [url for url in requests if token in url], "a request carried the control token")
    check(listen in driver.find_element(By.ID, "share-page").get_attribute("value"), "Share does not give the listen link")
    return {"requests": len(requests)}


def security_policy(driver, base, token):
    """The CSP holds: an inline script is refused, and the page itself logs no error."""
    open_controls(driver, base, token)
    errors = console_errors(driver)
    check(not errors, f"console errors: {errors}")
    driver.execute_script("""
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
    """)
    time.sleep(0.3)
    check(driver.execute_script("return window.inlineRan === true") is False, "an inline script ran")
    refused = [message for message in console_errors(driver) if "Content Security Policy" in message]
    check(refused, "no CSP refusal was reported")
    return {"refused": refused[0][:120]}


def phone_width(driver, base, token):
    """At phone width every control is on screen without scrolling sideways, each with a
    label; a dark color scheme is followed."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    open_controls(driver, base, token)
    overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    check(overflow <= 0, f"the page is {overflow} px wider than the screen")
    outside = driver.execute_script("""
        return [...document.querySelectorAll('button, input, select, meter')]
            .filter(e => e.offsetParent !== null)
            .filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > document.documentElement.clientWidth + 0.5; })
            .map(e => e.id || e.dataset.key || e.tagName);
    """)
    check(not outside, f"controls past the edge: {outside}")
    unlabeled = driver.execute_script("""
        return [...document.querySelectorAll('input, select, button')]
            .filter(e => e.offsetParent !== null)
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
            .map(e => e.id || e.dataset.key);
    """)
    check(not unlabeled, f"controls without a label: {unlabeled}")
    # The visitor's dark scheme and reduced motion are followed.
    light = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-color-scheme", "value": "dark"}, {"name": "prefers-reduced-motion", "value": "reduce"}]})
    dark = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    check(light != dark, f"the page stays {light} in a dark scheme")
    return {"width": driver.execute_script("return document.documentElement.clientWidth"), "light": light, "dark": dark}


def screenshot(driver, base, token, path):
    """A picture of a session page for the README."""
    open_controls(driver, base, token)
    time.sleep(1)
    driver.save_screenshot(path)
    return {"saved": path}


SCENARIOS = {
    "start-page": (start_page, {}),
    "plays-in-real-time": (plays_in_real_time, {}),
    "knob-moves-the-session": (knob_moves_the_session, {}),
    "shows-changes-from-elsewhere": (shows_changes_from_elsewhere, {}),
    "reconnects": (reconnects, {}),
    "randomize-undo-and-load": (randomize_undo_and_load, {}),
    "save-as-preset": (save_as_preset, {}),
    "listen-only": (listen_only, {}),
    "security-policy": (security_policy, {}),
    "phone-width": (phone_width, {}),
    "screenshot": (screenshot, {"width": 1100, "height": 1400}),
}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in SCENARIOS:
        print(__doc__ + "\nscenarios: " + ", ".join(SCENARIOS), file=sys.stderr)
        return 2
    scenario, size = SCENARIOS[sys.argv[1]]
    driver = browser(**size)
    try:
        result = scenario(driver, sys.argv[2].rstrip("/"), *sys.argv[3:])
        print(json.dumps(result))
        return 0
    except Failure as failure:
        print(f"{sys.argv[1]}: {failure}", file=sys.stderr)
        return 1
    except Exception as error:
        print(f"{sys.argv[1]}: {type(error).__name__}: {error}\nconsole: {console_errors(driver)}", file=sys.stderr)
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
