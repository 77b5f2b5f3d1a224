<?php
// Stand-ins for the Moodle API the plugin's pages use, for
// tools/check_escaping.php. What matters here is where Moodle escapes and
// where it does not; each stand-in does exactly what Moodle 5.1 does there:
//
// - s() escapes (same code as lib/weblib.php);
// - html_writer escapes attribute values, never tag contents, table cells,
//   select option labels;
// - $OUTPUT->notification(), confirm(), heading(), single_button labels and
//   redirect() messages print their text as HTML;
// - get_string() puts $a in as it is;
// - forms (lib/form/templates, QuickForm) print labels, select option texts,
//   static and html elements and setElementError() messages as HTML, and
//   escape input values and textarea contents.
//
// Request parameters come from the MIH_PAGE_PARAMS environment variable (JSON).

// phpcs:disable

define('MOODLE_INTERNAL', true);
define('PARAM_INT', 'int');
define('DAYSECS', 86400);
define('PARAM_ALPHA', 'alpha');
define('PARAM_BOOL', 'bool');
define('PARAM_RAW', 'raw');
define('PARAM_RAW_TRIMMED', 'raw_trimmed');

/** The parameters of this request. */
function page_params(): array {
    return json_decode(getenv('MIH_PAGE_PARAMS') ?: '{}', true);
}

function optional_param($name, $default, $type) {
    $value = page_params()[$name] ?? $default;
    return $type === PARAM_INT || $type === PARAM_BOOL ? (int) $value : $value;
}

function optional_param_array($name, $default, $type) {
    return array_map('intval', page_params()[$name] ?? $default);
}

function s($var) {
    if ($var === false) {
        return '0';
    }
    return preg_replace('/&amp;#(\d+|x[0-9a-f]+);/i', '&#$1;',
        htmlspecialchars((string) $var, ENT_QUOTES | ENT_HTML401 | ENT_SUBSTITUTE));
}

function get_string($id, $component = '', $a = null) {
    if (is_object($a) || is_array($a)) {
        $a = implode(' ', array_map('strval', (array) $a));
    }
    return $a === null ? "[$id]" : "[$id: $a]";
}

function display_size($size, $decimalplaces = 1) {
    // Moodle's gives plain text: a number and a unit.
    return $size < 1024 ? "$size bytes" : round($size / 1024, $decimalplaces) . ' KB';
}

function get_config($plugin, $name = null) {
    // A PHP process without the extension was seen a minute ago, on a host whose name is hostile.
    $config = ['extensionmissingtime' => time() - 60, 'extensionmissinghost' => hostile_text('missing-host')];
    return $config[$name] ?? false;
}

function userdate($time, $format = '') {
    return gmdate('Y-m-d H:i', (int) $time);
}

function make_timestamp($year, $month = 1, $day = 1, $hour = 0, $minute = 0, $second = 0) {
    return gmmktime($hour, $minute, $second, $month, $day, $year);
}

function format_float($value, $decimals = 1) {
    return number_format((float) $value, $decimals, '.', '');
}

function format_time($seconds) {
    return "$seconds secs";
}

function sesskey() {
    return 'sesskey0';
}

function require_sesskey() {
}

function require_capability($capability, $context) {
}

function has_capability($capability, $context) {
    return true;
}

function admin_externalpage_setup($section, $extrabutton = '', ?array $extraurlparams = null, $actualurl = '') {
}

function redirect($url, $message = '', $delay = null, $type = null) {
    // Moodle shows the message on the next page as a notification: HTML.
    echo "<div class=\"redirect\">$message</div>";
    exit(0);
}

class moodle_exception extends Exception {
    public function __construct($errorcode, $module = '', $link = '', $a = null) {
        parent::__construct(get_string($errorcode, $module, $a));
    }
}

class context_system {
    public static function instance() {
        return new self();
    }
}

class moodle_url {
    private string $path;
    private array $params;

    public function __construct($url, array $params = []) {
        if ($url instanceof moodle_url) {
            $this->path = $url->path;
            $this->params = $params + $url->params;
        } else {
            $this->path = (string) $url;
            $this->params = $params;
        }
    }

    public function param($name, $value) {
        $this->params[$name] = $value;
    }

    public function out($escaped = true) {
        $query = http_build_query($this->params);
        $url = $this->path . ($query === '' ? '' : "?$query");
        return $escaped ? s($url) : $url;
    }

    public function out_omit_querystring() {
        return $this->path;
    }

    public function __toString() {
        return $this->out();
    }
}

class pix_icon {
    public function __construct(public $pix, public $alt) {
    }
}

class tabobject {
    public function __construct(public $id, public $link, public $text) {
    }
}

class single_button {
    public function __construct(public $url, public $label, public $method = 'post', public $type = 'secondary') {
    }
}

class html_table {
    public $head = [];
    public $data = [];
    public $attributes = [];
}

class html_writer {
    public static function attributes(array $attributes): string {
        $out = '';
        foreach ($attributes as $name => $value) {
            $out .= ' ' . $name . '="' . s($value) . '"';
        }
        return $out;
    }

    public static function start_tag($tag, array $attributes = []) {
        return "<$tag" . self::attributes($attributes) . '>';
    }

    public static function end_tag($tag) {
        return "</$tag>";
    }

    public static function empty_tag($tag, array $attributes = []) {
        return "<$tag" . self::attributes($attributes) . ' />';
    }

    public static function tag($tag, $contents, array $attributes = []) {
        return self::start_tag($tag, $attributes) . $contents . self::end_tag($tag);
    }

    public static function div($contents, $class = '', array $attributes = []) {
        return self::tag('div', $contents, ['class' => $class] + $attributes);
    }

    public static function start_div($class = '', array $attributes = []) {
        return self::start_tag('div', ['class' => $class] + $attributes);
    }

    public static function end_div() {
        return '</div>';
    }

    public static function span($contents, $class = '', array $attributes = []) {
        return self::tag('span', $contents, ['class' => $class] + $attributes);
    }

    public static function link($url, $text, array $attributes = []) {
        return self::tag('a', $text, ['href' => (string) $url] + $attributes);
    }

    public static function label($text, $for, $colonize = true, array $attributes = []) {
        return self::tag('label', $text, ['for' => $for] + $attributes);
    }

    public static function checkbox($name, $value, $checked = true, $label = '', array $attributes = []) {
        return self::empty_tag('input', ['type' => 'checkbox', 'name' => $name, 'value' => $value] + $attributes) . $label;
    }

    public static function select(array $options, $name, $selected = '', $nothing = [], array $attributes = []) {
        $out = '';
        foreach ((array) $nothing + $options as $value => $label) {
            $out .= self::tag('option', $label, ['value' => $value]);
        }
        return self::tag('select', $out, ['name' => $name] + $attributes);
    }

    public static function table(html_table $table) {
        $out = '<tr>' . implode('', array_map(fn($cell) => "<th>$cell</th>", $table->head)) . '</tr>';
        foreach ($table->data as $row) {
            $out .= '<tr>' . implode('', array_map(fn($cell) => "<td>$cell</td>", $row)) . '</tr>';
        }
        return self::tag('table', $out, $table->attributes);
    }
}

class page_requirements_manager {
    public function js_call_amd($module, $function, $params = []) {
    }
}

class moodle_page {
    public page_requirements_manager $requires;

    public function __construct() {
        $this->requires = new page_requirements_manager();
    }

    public function set_heading($heading) {
    }

    public function set_title($title) {
    }
}

class core_renderer {
    public function header() {
        return '<html><body>';
    }

    public function footer() {
        return '</body></html>';
    }

    public function heading($text, $level = 2) {
        return "<h$level>$text</h$level>";
    }

    public function tabtree(array $tabs, $selected = null) {
        return implode('', array_map(fn($tab) => html_writer::link($tab->link, $tab->text), $tabs));
    }

    public function notification($message, $type = 'info') {
        return html_writer::div($message, "alert alert-$type");
    }

    public function confirm($message, $continue, $cancel) {
        return html_writer::div($message, 'confirm') . html_writer::link($continue, 'Continue');
    }

    public function action_icon($url, pix_icon $icon) {
        return html_writer::link($url, html_writer::empty_tag('img', ['alt' => $icon->alt]));
    }

    public function single_button($url, $label, $method = 'post') {
        return $this->render(new single_button($url, $label, $method));
    }

    public function render($widget) {
        if ($widget instanceof single_button) {
            return html_writer::tag('button', $widget->label, ['formaction' => $widget->url->out(false)]);
        }
        return ''; // Charts draw from JSON in the browser.
    }
}

/** A form as QuickForm and lib/form/templates print it. */
class MoodleQuickForm {
    public array $elements = [];
    public array $defaults = [];
    public array $errors = [];

    public function addElement($type, $name, $label = '', $options = null, $attributes = null) {
        $this->elements[$name] = ['type' => $type, 'label' => $label, 'options' => $options];
    }

    public function setDefault($name, $value) {
        $this->defaults[$name] = $value;
    }

    public function elementExists($name) {
        return isset($this->elements[$name]);
    }

    public function setElementError($name, $message) {
        $this->errors[$name] = $message;
    }

    public function getAttribute($name) {
        return 'mform1';
    }

    public function __call($method, $arguments) {
        // setType, addRule, addHelpButton, hideIf, setExpanded: nothing to print.
    }

    public function render(): string {
        $out = '';
        foreach ($this->elements as $name => $element) {
            $value = $this->defaults[$name] ?? '';
            $field = match ($element['type']) {
                'select' => html_writer::tag('select', implode('', array_map(
                    fn($key, $text) => "<option value=\"" . s($key) . "\">$text</option>",
                    array_keys($element['options']), $element['options'])), ['name' => $name]),
                'textarea' => html_writer::tag('textarea', s($value), ['name' => $name]),
                'static' => (string) $element['options'],
                'html' => $element['label'],
                'header' => html_writer::tag('legend', $element['label']),
                default => html_writer::empty_tag('input', ['name' => $name, 'value' => (string) $value]),
            };
            $label = in_array($element['type'], ['html', 'header'], true) ? '' : html_writer::tag('label', $element['label']);
            $error = isset($this->errors[$name]) ? html_writer::div($this->errors[$name], 'invalid-feedback') : '';
            $out .= html_writer::div($label . $field . $error, 'fitem');
        }
        return html_writer::tag('form', $out, ['id' => 'mform1']);
    }
}

abstract class moodleform {
    protected MoodleQuickForm $_form;
    protected $_customdata;

    public function __construct($action = null, $customdata = null) {
        $this->_form = new MoodleQuickForm();
        $this->_customdata = $customdata;
        $this->definition();
    }

    abstract protected function definition();

    public function add_action_buttons() {
    }

    public function is_cancelled() {
        return false;
    }

    /** The submitted fields, when the request carries `submitted`. */
    public function get_data() {
        $params = page_params();
        return empty($params['submitted']) ? null : (object) $params;
    }

    public function set_data($record) {
        foreach ((array) $record as $name => $value) {
            if (is_scalar($value)) {
                $this->_form->setDefault($name, $value);
            }
        }
    }

    public function display() {
        echo $this->_form->render();
    }
}

class report_eventlist_list_generator {
    public static function get_all_events_list($detail = true) {
        return ['\\core\\event\\user_created' => []];
    }
}

class admin_settingpage {
}
