<?php
// Stand-ins for the namespaced Moodle classes the plugin's pages use, for
// tools/check_escaping.php (see moodle.php beside this file).

// phpcs:disable

namespace core {
    /** A chart: Moodle draws it in the browser from JSON, as text. */
    class chart_base {
        public function __call($method, $arguments) {
        }
    }

    class chart_pie extends chart_base {
    }

    class chart_line extends chart_base {
    }

    class chart_series extends chart_base {
        public function __construct($label, $values) {
        }
    }
}

namespace core\task {
    abstract class adhoc_task {
        public function set_component($component) {
        }

        public function set_custom_data($data) {
        }
    }

    class manager {
        public static function get_adhoc_tasks($classname) {
            return [];
        }

        public static function queue_adhoc_task($task, $checkforexisting = false) {
            return true;
        }
    }
}

namespace core\output {
    class notification {
        const NOTIFY_SUCCESS = 'success';
    }
}
