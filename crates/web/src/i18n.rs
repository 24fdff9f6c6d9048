//! Bahasa Indonesia first, English available. One table holds every text in both languages,
//! so a key cannot exist in one and be missing in the other. Validation codes from the domain
//! (`nik.length`, …) are keys here too.

use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Lang {
        if s.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Id
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// (key, Bahasa Indonesia, English)
pub const TEXTS: &[(&str, &str, &str)] = &[
    // shell
    (
        "app.tagline",
        "Koordinasi kesehatan lintas sektor",
        "Cross-sector health coordination",
    ),
    ("nav.home", "Beranda", "Home"),
    ("nav.regions", "Wilayah", "Regions"),
    ("nav.orgs", "Organisasi", "Organisations"),
    ("nav.people", "Orang", "People"),
    ("nav.users", "Akun", "Accounts"),
    ("nav.audit", "Jejak audit", "Audit log"),
    ("nav.account", "Akun saya", "My account"),
    ("nav.logout", "Keluar", "Sign out"),
    ("nav.menu", "Menu", "Menu"),
    ("nav.skip", "Lompat ke isi", "Skip to content"),
    ("lang.switch", "English", "Bahasa Indonesia"),
    ("common.save", "Simpan", "Save"),
    ("common.cancel", "Batal", "Cancel"),
    ("common.search", "Cari", "Search"),
    ("common.filter", "Saring", "Filter"),
    ("common.edit", "Ubah", "Edit"),
    ("common.new", "Tambah", "Add"),
    ("common.all", "Semua", "All"),
    ("common.none", "—", "—"),
    ("common.name", "Nama", "Name"),
    ("common.code", "Kode", "Code"),
    ("common.region", "Wilayah", "Region"),
    ("common.address", "Alamat", "Address"),
    ("common.phone", "Telepon", "Phone"),
    ("common.email", "Surel", "Email"),
    ("common.kind", "Jenis", "Kind"),
    ("common.sector", "Sektor", "Sector"),
    ("common.parent", "Induk", "Parent"),
    ("common.results", "hasil", "results"),
    ("common.prev", "Sebelumnya", "Previous"),
    ("common.next", "Berikutnya", "Next"),
    ("common.page", "Halaman", "Page"),
    ("common.of", "dari", "of"),
    ("common.empty", "Belum ada data.", "Nothing here yet."),
    ("common.print", "Cetak", "Print"),
    ("common.details", "Rincian", "Details"),
    ("common.actions", "Tindakan", "Actions"),
    ("common.from", "Dari", "From"),
    ("common.to", "Sampai", "To"),
    ("common.yes", "Ya", "Yes"),
    ("common.no", "Tidak", "No"),
    ("common.saved", "Tersimpan.", "Saved."),
    (
        "common.errors",
        "Periksa isian yang ditandai. Tidak ada yang disimpan.",
        "Check the marked fields. Nothing was saved.",
    ),
    ("common.optional", "opsional", "optional"),
    // auth
    ("login.title", "Masuk", "Sign in"),
    ("login.username", "Nama pengguna", "Username"),
    ("login.password", "Kata sandi", "Password"),
    ("login.submit", "Masuk", "Sign in"),
    (
        "login.failed",
        "Nama pengguna atau kata sandi salah.",
        "Wrong username or password.",
    ),
    (
        "login.rate_limited",
        "Terlalu banyak percobaan gagal. Coba lagi dalam beberapa menit.",
        "Too many failed attempts. Try again in a few minutes.",
    ),
    (
        "login.expired",
        "Sesi Anda telah berakhir. Silakan masuk lagi.",
        "Your session has ended. Please sign in again.",
    ),
    (
        "login.required",
        "Silakan masuk untuk membuka halaman ini.",
        "Please sign in to open this page.",
    ),
    (
        "login.demo_hint",
        "Demo: lihat README untuk akun contoh.",
        "Demo: see the README for sample accounts.",
    ),
    (
        "csrf.invalid",
        "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.",
        "The form has expired or is not valid. Reload the page and try again.",
    ),
    ("setup.title", "Penyiapan pertama", "First-time setup"),
    (
        "setup.intro",
        "Belum ada akun. Buat akun administrator pertama.",
        "There is no account yet. Create the first administrator.",
    ),
    (
        "setup.invalid",
        "Tautan penyiapan tidak berlaku (sudah dipakai atau salah).",
        "The setup link is not valid (already used or wrong).",
    ),
    ("account.title", "Akun saya", "My account"),
    ("account.password", "Ganti kata sandi", "Change password"),
    ("account.current_password", "Kata sandi sekarang", "Current password"),
    ("account.new_password", "Kata sandi baru", "New password"),
    ("account.tokens", "Token API pribadi", "Personal API tokens"),
    ("account.token_name", "Nama token", "Token name"),
    ("account.token_create", "Buat token", "Create token"),
    (
        "account.token_once",
        "Salin token ini sekarang; token tidak akan ditampilkan lagi:",
        "Copy this token now; it will not be shown again:",
    ),
    ("account.token_revoke", "Cabut", "Revoke"),
    ("account.token_revoked", "dicabut", "revoked"),
    ("account.token_last_used", "Terakhir dipakai", "Last used"),
    ("account.role", "Peran", "Role"),
    ("account.scope", "Lingkup", "Scope"),
    // home
    ("home.title", "Beranda", "Home"),
    ("home.welcome", "Selamat datang", "Welcome"),
    (
        "home.orgs_by_sector",
        "Organisasi menurut sektor",
        "Organisations by sector",
    ),
    (
        "home.regions_loaded",
        "Data wilayah Kemendagri",
        "Kemendagri region data",
    ),
    ("home.quick", "Pintasan", "Shortcuts"),
    ("home.find_desa", "Cari desa atau kelurahan", "Find a desa or kelurahan"),
    // regions
    ("regions.title", "Wilayah", "Regions"),
    (
        "regions.search_hint",
        "Nama atau kode, mis. \"pangkalpinang\" atau 15.03",
        "Name or code, e.g. \"pangkalpinang\" or 15.03",
    ),
    ("regions.level", "Tingkat", "Level"),
    ("regions.children", "Wilayah di bawahnya", "Regions below"),
    ("regions.postal", "Kode pos", "Postal code"),
    (
        "regions.no_results",
        "Tidak ada wilayah yang cocok.",
        "No matching region.",
    ),
    ("regions.edition", "Edisi", "Edition"),
    ("regions.top", "Indonesia", "Indonesia"),
    ("level.province", "Provinsi", "Province"),
    ("level.regency", "Kabupaten/Kota", "Regency/City"),
    ("level.district", "Kecamatan", "District (kecamatan)"),
    ("level.village", "Desa/Kelurahan", "Village (desa/kelurahan)"),
    ("rkind.provinsi", "Provinsi", "Province"),
    ("rkind.kabupaten", "Kabupaten", "Regency"),
    ("rkind.kota", "Kota", "City"),
    ("rkind.kecamatan", "Kecamatan", "District"),
    ("rkind.desa", "Desa", "Village (desa)"),
    ("rkind.kelurahan", "Kelurahan", "Urban village (kelurahan)"),
    ("rkind.desa_adat", "Desa adat", "Customary village"),
    // organisations
    ("orgs.title", "Organisasi", "Organisations"),
    ("orgs.new", "Organisasi baru", "New organisation"),
    ("orgs.edit", "Ubah organisasi", "Edit organisation"),
    ("orgs.identifiers", "Identitas eksternal", "External identifiers"),
    (
        "orgs.identifiers_hint",
        "Satu per baris: sistem=nilai, mis. kemenkes-puskesmas=P1503010101",
        "One per line: system=value, e.g. kemenkes-puskesmas=P1503010101",
    ),
    (
        "orgs.region_hint",
        "Kode Kemendagri, mis. 15.03.01 (kecamatan) atau 15.03.01.2001 (desa)",
        "Kemendagri code, e.g. 15.03.01 (kecamatan) or 15.03.01.2001 (desa)",
    ),
    (
        "orgs.code_hint",
        "Kode singkat unik, mis. PKM-SRL-01",
        "Short unique code, e.g. PKM-SRL-01",
    ),
    ("orgs.children", "Organisasi di bawahnya", "Organisations below"),
    ("orgs.people", "Orang dan jabatan", "People and positions"),
    ("orgs.wilayah_kerja", "Wilayah kerja", "Wilayah kerja (catchment desa)"),
    ("orgs.wk_edit", "Atur wilayah kerja", "Set wilayah kerja"),
    ("orgs.wk_held_by", "sudah di", "held by"),
    (
        "orgs.wk_hint",
        "Centang desa/kelurahan wilayah kerja Puskesmas ini. Satu desa hanya boleh masuk satu wilayah kerja.",
        "Tick the desa/kelurahan of this Puskesmas' wilayah kerja. A desa can belong to one wilayah kerja only.",
    ),
    ("orgs.wk_count", "desa/kelurahan", "desa/kelurahan"),
    ("orgs.none_parent", "(tanpa induk)", "(no parent)"),
    ("orgs.choose", "— pilih —", "— choose —"),
    ("orgs.sector_default", "(sesuai jenis)", "(from kind)"),
    // people
    ("people.title", "Orang", "People"),
    ("people.new", "Orang baru", "New person"),
    ("people.edit", "Ubah data orang", "Edit person"),
    ("people.nik", "NIK", "NIK"),
    ("people.nik_hint", "16 digit, opsional", "16 digits, optional"),
    ("people.positions", "Jabatan", "Positions"),
    ("people.position_add", "Tambah jabatan", "Add position"),
    ("people.position_end", "Akhiri", "End"),
    ("people.position_kind", "Jabatan", "Position"),
    ("people.title_field", "Sebutan jabatan", "Title"),
    ("people.org", "Organisasi", "Organisation"),
    ("people.started_on", "Mulai", "Started"),
    ("people.ended_on", "Berakhir", "Ended"),
    ("people.current", "masih menjabat", "current"),
    ("people.first_position", "Jabatan pertama", "First position"),
    // users
    ("users.title", "Akun pengguna", "User accounts"),
    ("users.new", "Akun baru", "New account"),
    ("users.edit", "Ubah akun", "Edit account"),
    ("users.username", "Nama pengguna", "Username"),
    ("users.display_name", "Nama tampilan", "Display name"),
    ("users.role", "Peran", "Role"),
    ("users.org", "Organisasi lingkup", "Scope organisation"),
    ("users.person", "ID orang (opsional)", "Person id (optional)"),
    ("users.password", "Kata sandi", "Password"),
    (
        "users.password_keep",
        "Kosongkan untuk tidak mengubah",
        "Leave empty to keep",
    ),
    ("users.active", "Aktif", "Active"),
    ("users.last_login", "Terakhir masuk", "Last sign-in"),
    ("role.admin", "Administrator", "Administrator"),
    ("role.dinkes", "Dinas Kesehatan", "District health office"),
    ("role.puskesmas", "Puskesmas", "Puskesmas"),
    ("role.kader", "Kader Posyandu", "Posyandu kader"),
    ("role.partner", "Mitra lintas sektor", "Cross-sector partner"),
    ("role.viewer", "Pimpinan / pemantau", "Leader / viewer"),
    // audit
    ("audit.title", "Jejak audit", "Audit log"),
    ("audit.at", "Waktu", "Time"),
    ("audit.user", "Pengguna", "User"),
    ("audit.action", "Aksi", "Action"),
    ("audit.entity", "Data", "Record"),
    ("audit.summary", "Ringkasan", "Summary"),
    ("audit.before", "Sebelum", "Before"),
    ("audit.after", "Sesudah", "After"),
    // errors
    ("error.title", "Terjadi masalah", "Something went wrong"),
    (
        "error.not_found",
        "Halaman atau data tidak ditemukan, atau Anda tidak berhak melihatnya.",
        "The page or record was not found, or you may not see it.",
    ),
    (
        "error.forbidden",
        "Anda tidak berhak membuka atau mengubah ini.",
        "You are not allowed to open or change this.",
    ),
    (
        "error.internal",
        "Kesalahan pada server. Kejadian ini telah dicatat.",
        "A server error occurred. It has been logged.",
    ),
    ("error.back_home", "Kembali ke beranda", "Back to home"),
    // validation codes
    ("required", "Wajib diisi.", "Required."),
    ("too_long", "Terlalu panjang.", "Too long."),
    ("choice.unknown", "Pilihan tidak dikenal.", "Unknown choice."),
    ("number.format", "Harus berupa angka.", "Must be a number."),
    (
        "region_code.format",
        "Kode wilayah tidak sah (contoh: 15.03.01.2001).",
        "Not a valid region code (example: 15.03.01.2001).",
    ),
    (
        "region.unknown",
        "Kode wilayah tidak ada dalam data Kemendagri.",
        "This region code is not in the Kemendagri data.",
    ),
    (
        "org.region_level_province",
        "Jenis organisasi ini berada di tingkat provinsi.",
        "This kind of organisation sits at province level.",
    ),
    (
        "org.region_level_regency",
        "Jenis organisasi ini berada di tingkat kabupaten/kota.",
        "This kind of organisation sits at regency level.",
    ),
    (
        "org.region_level_district",
        "Jenis organisasi ini berada di tingkat kecamatan.",
        "This kind of organisation sits at kecamatan level.",
    ),
    (
        "org.region_level_village",
        "Jenis organisasi ini berada di desa/kelurahan.",
        "This kind of organisation sits in a desa/kelurahan.",
    ),
    (
        "org_code.format",
        "Kode hanya boleh huruf, angka, -, _ dan titik.",
        "Code may only have letters, digits, -, _ and dots.",
    ),
    (
        "org_code.taken",
        "Kode ini sudah dipakai organisasi lain.",
        "This code is already used by another organisation.",
    ),
    ("org.unknown", "Organisasi tidak ditemukan.", "Organisation not found."),
    (
        "org.parent_unknown",
        "Organisasi induk tidak ditemukan.",
        "Parent organisation not found.",
    ),
    (
        "org.parent_self",
        "Organisasi tidak bisa menjadi induk dirinya sendiri.",
        "An organisation cannot be its own parent.",
    ),
    (
        "org.parent_cycle",
        "Induk ini berada di bawah organisasi ini (melingkar).",
        "This parent lies below this organisation (a cycle).",
    ),
    (
        "org.posyandu_parent",
        "Posyandu harus berinduk ke Puskesmas.",
        "A Posyandu must have a Puskesmas as parent.",
    ),
    (
        "org.pustu_parent",
        "Pustu harus berinduk ke Puskesmas.",
        "A Pustu must have a Puskesmas as parent.",
    ),
    (
        "identifier.format",
        "Tulis tiap identitas sebagai sistem=nilai.",
        "Write each identifier as system=value.",
    ),
    (
        "identifier.system",
        "Nama sistem hanya boleh huruf, angka dan - _ . : /",
        "System names may only have letters, digits and - _ . : /",
    ),
    (
        "identifier.duplicate_system",
        "Satu sistem hanya boleh sekali.",
        "Each system may appear once.",
    ),
    (
        "identifier.taken",
        "Identitas ini sudah dipakai organisasi lain.",
        "This identifier is already used by another organisation.",
    ),
    (
        "wilayah_kerja.taken",
        "Desa sudah masuk wilayah kerja Puskesmas lain",
        "Desa already in another Puskesmas' wilayah kerja",
    ),
    (
        "wilayah_kerja.not_desa",
        "Bukan kode desa/kelurahan",
        "Not a desa/kelurahan code",
    ),
    (
        "wilayah_kerja.not_puskesmas",
        "Wilayah kerja hanya untuk Puskesmas.",
        "Only a Puskesmas has a wilayah kerja.",
    ),
    (
        "wilayah_kerja.outside_area",
        "Di luar wilayah Anda",
        "Outside your area",
    ),
    (
        "phone.format",
        "Nomor telepon 8–15 digit, boleh diawali +.",
        "Phone number of 8–15 digits, optionally starting with +.",
    ),
    ("email.format", "Alamat surel tidak sah.", "Not a valid email address."),
    ("nik.length", "NIK harus 16 digit.", "NIK must have 16 digits."),
    (
        "nik.digits",
        "NIK hanya boleh berisi angka.",
        "NIK may only contain digits.",
    ),
    (
        "nik.taken",
        "NIK ini sudah terdaftar untuk orang lain.",
        "This NIK is already registered for someone else.",
    ),
    (
        "date.format",
        "Tanggal tidak sah (gunakan HH/BB/TTTT).",
        "Not a valid date (use DD/MM/YYYY).",
    ),
    (
        "date.range",
        "Tanggal di luar rentang yang masuk akal.",
        "Date out of a sensible range.",
    ),
    (
        "date.end_before_start",
        "Tanggal berakhir sebelum tanggal mulai.",
        "The end date is before the start date.",
    ),
    (
        "position.title_required",
        "Isi sebutan jabatan bila jenisnya \"lainnya\".",
        "Give a title when the position is \"other\".",
    ),
    ("person.unknown", "Orang tidak ditemukan.", "Person not found."),
    ("username.short", "Minimal 3 karakter.", "At least 3 characters."),
    (
        "username.format",
        "Hanya huruf kecil, angka, titik, - dan _.",
        "Only lower-case letters, digits, dots, - and _.",
    ),
    (
        "username.taken",
        "Nama pengguna sudah dipakai.",
        "This username is taken.",
    ),
    (
        "password.short",
        "Kata sandi minimal 10 karakter.",
        "Passwords need at least 10 characters.",
    ),
    (
        "user.org_required",
        "Peran ini memerlukan organisasi lingkup.",
        "This role needs a scope organisation.",
    ),
    (
        "user.self_lockout",
        "Anda tidak bisa menonaktifkan atau menurunkan peran akun Anda sendiri.",
        "You cannot deactivate or demote your own account.",
    ),
    (
        "reference.missing",
        "Data yang dirujuk tidak ada.",
        "A referenced record does not exist.",
    ),
    (
        "conflict",
        "Bertentangan dengan data yang sudah ada.",
        "Conflicts with existing data.",
    ),
    // coordination: navigation and pages
    ("nav.meetings", "Pertemuan", "Meetings"),
    ("nav.commitments", "Komitmen kami", "Our commitments"),
    ("nav.overdue", "Tindak lanjut terlambat", "Overdue actions"),
    ("nav.shortages", "Register kekurangan", "Shortage register"),
    ("nav.forums", "Forum", "Forums"),
    ("meetings.title", "Pertemuan", "Meetings"),
    ("meetings.new", "Pertemuan baru", "New meeting"),
    ("meetings.edit", "Ubah pertemuan", "Edit meeting"),
    ("meetings.upcoming", "Pertemuan mendatang", "Upcoming meetings"),
    ("meetings.past", "Pertemuan lalu", "Past meetings"),
    ("meetings.title_field", "Judul", "Title"),
    ("meetings.forum", "Forum", "Forum"),
    ("meetings.one_off", "(pertemuan sekali)", "(one-off meeting)"),
    ("meetings.host", "Penyelenggara", "Host"),
    ("meetings.level", "Tingkat", "Level"),
    ("meetings.date", "Tanggal", "Date"),
    ("meetings.time", "Jam", "Time"),
    ("meetings.place", "Tempat", "Place"),
    ("meetings.chair", "Pimpinan rapat", "Chair"),
    (
        "meetings.first_of_year",
        "Lokmin penggalangan (pertama tahun ini)",
        "Penggalangan Lokmin (first of the year)",
    ),
    ("meetings.status", "Status", "Status"),
    ("meetings.mark_held", "Tandai sudah dilaksanakan", "Mark as held"),
    ("meetings.mark_cancelled", "Batalkan", "Cancel meeting"),
    ("meetings.orgs", "Organisasi", "Organisations"),
    ("meetings.invite", "Undang organisasi", "Invite organisations"),
    ("meetings.rsvp", "Konfirmasi kehadiran", "Will you attend?"),
    ("meetings.people", "Orang yang diundang", "People invited"),
    ("meetings.invite_people", "Undang orang", "Invite people"),
    ("rsvp.yes", "Hadir", "Attending"),
    ("rsvp.no", "Tidak hadir", "Not attending"),
    ("rsvp.maybe", "Belum pasti", "Not sure"),
    ("home.upcoming", "Pertemuan mendatang", "Upcoming meetings"),
    (
        "home.commitments",
        "Komitmen terbuka organisasi Anda",
        "Open commitments of your organisation",
    ),
    ("home.overdue", "terlambat", "overdue"),
    ("orgs.upcoming", "Pertemuan mendatang", "Upcoming meetings"),
    ("meetings.absent", "Diundang tetapi tidak hadir", "Invited but absent"),
    ("meetings.agenda", "Agenda dan notulen", "Agenda and minutes"),
    ("meetings.agenda_add", "Tambah agenda", "Add agenda item"),
    ("meetings.findings", "Temuan", "Findings"),
    ("meetings.decisions", "Keputusan", "Decisions"),
    (
        "meetings.review",
        "Tinjauan tindak lanjut pertemuan sebelumnya",
        "Review of previous actions",
    ),
    (
        "meetings.review_empty",
        "Tidak ada tindak lanjut terbuka dari pertemuan sebelumnya.",
        "No open actions from earlier meetings.",
    ),
    ("meetings.attendance", "Daftar hadir", "Attendance"),
    ("meetings.attendance_count", "orang hadir", "people present"),
    ("meetings.by_sector", "Menurut sektor", "By sector"),
    ("meetings.by_org", "Menurut organisasi", "By organisation"),
    (
        "meetings.attendance_lines",
        "Isi cepat: satu orang per baris — nama; organisasi; jabatan",
        "Quick entry: one person per line — name; organisation; position",
    ),
    ("meetings.attendance_add", "Catat kehadiran", "Record attendance"),
    (
        "meetings.print_attendance",
        "Cetak daftar hadir",
        "Print attendance list",
    ),
    ("meetings.signature", "Tanda tangan", "Signature"),
    ("meetings.problems", "Masalah dan hambatan", "Problems and obstacles"),
    ("meetings.problem_add", "Catat masalah", "Record a problem"),
    ("meetings.causes", "Akar penyebab", "Root causes"),
    ("meetings.cause_add", "Tambah penyebab", "Add cause"),
    ("meetings.priority", "Prioritas", "Priority"),
    ("meetings.score_add", "Beri skor", "Score"),
    ("meetings.rater", "Penilai", "Rater"),
    ("meetings.rank", "Peringkat", "Rank"),
    ("meetings.actions", "Rencana tindak lanjut (RTL)", "Action plan (RTL)"),
    ("meetings.action_add", "Tambah tindak lanjut", "Add action"),
    ("meetings.rtl_print", "Cetak matriks RTL", "Print RTL matrix"),
    ("meetings.agreements", "Kesepakatan", "Agreements reached"),
    ("meetings.agreement_add", "Tambah kesepakatan", "Add agreement"),
    ("meetings.signed_by", "Ditandatangani oleh", "Signed by"),
    ("meetings.berita_acara", "Cetak berita acara", "Print berita acara"),
    ("meetings.documents", "Dokumen", "Documents"),
    ("meetings.upload", "Unggah dokumen", "Upload document"),
    (
        "meetings.file_hint",
        "PDF, JPG, PNG, DOCX, XLSX, ODT; paling besar 10 MB",
        "PDF, JPG, PNG, DOCX, XLSX, ODT; at most 10 MB",
    ),
    ("meetings.raised_by", "Diajukan oleh", "Raised by"),
    ("meetings.indicator", "Indikator", "Indicator"),
    ("meetings.quantity", "Jumlah kekurangan", "Quantity short"),
    ("meetings.description", "Uraian", "Description"),
    ("actions.what", "Kegiatan", "Activity"),
    ("actions.problem", "Masalah", "Problem"),
    ("actions.owner", "Penanggung jawab (organisasi)", "Owner (organisation)"),
    ("actions.responsible", "Nama penanggung jawab", "Person responsible"),
    ("actions.supporting", "Organisasi pendukung", "Supporting organisations"),
    ("actions.target", "Sasaran", "Target"),
    ("actions.due", "Batas waktu", "Due date"),
    ("actions.budget", "Sumber dana", "Budget source"),
    ("actions.status", "Status", "Status"),
    ("actions.overdue", "terlambat", "overdue"),
    ("actions.private_note", "Catatan internal", "Private note"),
    ("actions.updates", "Riwayat", "History"),
    ("actions.update_post", "Kirim perkembangan", "Post progress"),
    ("actions.note", "Catatan perkembangan", "Progress note"),
    ("actions.evidence", "Bukti (opsional)", "Evidence (optional)"),
    ("actions.closed_by", "Ditutup oleh", "Closed by"),
    ("actions.meeting", "Pertemuan", "Meeting"),
    ("actions.none", "Tidak ada tindak lanjut.", "No actions."),
    ("commitments.title", "Komitmen kami", "Our commitments"),
    (
        "commitments.intro",
        "Tindak lanjut terbuka milik organisasi Anda dari semua pertemuan; yang terlambat di atas.",
        "Open actions of your organisation from every meeting; overdue first.",
    ),
    (
        "overdue.title",
        "Tindak lanjut terlambat menurut sektor",
        "Overdue actions by sector",
    ),
    (
        "shortages.title",
        "Register kekurangan sarana, SDM dan alat",
        "Shortage register: facilities, staff and equipment",
    ),
    (
        "shortages.intro",
        "Kekurangan yang diangkat dalam pertemuan, sebagai bahan kebijakan pimpinan.",
        "Shortages raised in meetings, as input for the leadership's policy.",
    ),
    ("shortages.actions", "Tindak lanjut", "Actions"),
    ("forums.title", "Forum pertemuan", "Meeting forums"),
    ("forums.new", "Forum baru", "New forum"),
    ("forums.schedule", "Buat jadwal setahun", "Generate a year's schedule"),
    ("forums.year", "Tahun", "Year"),
    ("forums.weekday", "Hari", "Weekday"),
    ("forums.nth", "Minggu ke-", "Week of month"),
    ("forums.org", "Organisasi", "Organisation"),
    (
        "berita.title",
        "Berita Acara Kesepakatan",
        "Record of agreements (berita acara)",
    ),
    (
        "berita.intro",
        "Pada hari ini telah dilaksanakan pertemuan dengan kesepakatan sebagai berikut:",
        "On this day a meeting was held, agreeing the following:",
    ),
    ("print.header", "dicetak dari Lintas", "printed from Lintas"),
    // coordination choices
    (
        "forum.lokmin_bulanan",
        "Lokakarya Mini bulanan (lintas program)",
        "Monthly Lokmin (cross-program)",
    ),
    (
        "forum.lokmin_tribulanan",
        "Lokakarya Mini tribulanan (lintas sektor)",
        "Quarterly Lokmin (cross-sector)",
    ),
    (
        "forum.rakor_kesehatan",
        "Rapat koordinasi kesehatan",
        "Health coordination meeting (Rakor)",
    ),
    (
        "forum.rakor_pokjanal",
        "Rakor Pokjanal Posyandu",
        "Posyandu working group (Pokjanal) meeting",
    ),
    (
        "forum.rembuk_stunting",
        "Rembuk stunting",
        "Stunting summit (Rembuk stunting)",
    ),
    ("forum.agreement_talks", "Pembahasan kerja sama", "Agreement talks"),
    ("forum.other", "Lainnya", "Other"),
    ("mlevel.desa", "Desa/kelurahan", "Village"),
    ("mlevel.kecamatan", "Kecamatan", "Kecamatan"),
    ("mlevel.district", "Kabupaten/kota", "District"),
    ("mlevel.province", "Provinsi", "Province"),
    ("mstatus.scheduled", "Dijadwalkan", "Scheduled"),
    ("mstatus.held", "Terlaksana", "Held"),
    ("mstatus.cancelled", "Dibatalkan", "Cancelled"),
    ("role_m.host", "Penyelenggara", "Host"),
    ("role_m.co_host", "Penyelenggara bersama", "Co-host"),
    ("role_m.invited", "Diundang", "Invited"),
    ("role_m.walk_in", "Hadir tanpa undangan", "Walk-in"),
    (
        "pcat.facilities",
        "Sarana dan prasarana",
        "Facilities and infrastructure",
    ),
    ("pcat.staff", "Tenaga (SDM)", "Staff"),
    ("pcat.equipment", "Alat kesehatan", "Medical equipment"),
    ("pcat.medicines", "Obat dan BMHP", "Medicines and consumables"),
    ("pcat.budget", "Anggaran", "Budget"),
    ("pcat.data", "Data dan pelaporan", "Data and reporting"),
    (
        "pcat.participation",
        "Peran serta masyarakat",
        "Community participation",
    ),
    ("pcat.access", "Akses/geografis", "Access and geography"),
    ("pcat.regulation", "Regulasi", "Regulation"),
    ("pcat.other", "Lainnya", "Other"),
    ("cause.people", "Manusia", "People"),
    ("cause.method", "Metode", "Method"),
    ("cause.materials", "Bahan/sarana", "Materials and facilities"),
    ("cause.money", "Dana", "Money"),
    ("cause.machines", "Alat", "Machines and equipment"),
    ("cause.environment", "Lingkungan", "Environment"),
    ("method.usg", "USG (U+S+G)", "USG (U+S+G)"),
    ("method.carl", "CARL (C×A×R×L)", "CARL (C×A×R×L)"),
    ("method.hanlon", "Hanlon ((A+B)×C×PEARL)", "Hanlon ((A+B)×C×PEARL)"),
    ("astatus.planned", "Direncanakan", "Planned"),
    ("astatus.in_progress", "Berjalan", "In progress"),
    ("astatus.done", "Selesai", "Done"),
    ("astatus.cancelled", "Dibatalkan", "Cancelled"),
    ("budget.apbd", "APBD", "APBD (regional budget)"),
    ("budget.apbn", "APBN", "APBN (state budget)"),
    ("budget.bok", "BOK", "BOK (health operational grant)"),
    ("budget.dana_desa", "Dana Desa", "Village fund"),
    ("budget.jkn", "Kapitasi JKN", "JKN capitation"),
    ("budget.csr", "CSR", "CSR"),
    ("budget.swadaya", "Swadaya masyarakat", "Community self-funding"),
    ("budget.other", "Lainnya", "Other"),
    ("budget.none", "Tanpa biaya", "No cost"),
    // coordination validation
    (
        "time.format",
        "Jam tidak sah (gunakan JJ:MM).",
        "Not a valid time (use HH:MM).",
    ),
    (
        "attendance.org_required",
        "Isi organisasi peserta.",
        "Give the attendee's organisation.",
    ),
    (
        "attendance.line_format",
        "Baris perlu nama dan organisasi, dipisah titik koma",
        "A line needs a name and an organisation, separated by a semicolon",
    ),
    (
        "priority.count",
        "Jumlah skor tidak sesuai metode.",
        "Wrong number of scores for this method.",
    ),
    (
        "priority.range",
        "Skor di luar rentang metode.",
        "A score is out of the method's range.",
    ),
    (
        "priority.pearl",
        "Jawaban PEARL harus 0 atau 1.",
        "PEARL answers must be 0 or 1.",
    ),
    (
        "quantity.range",
        "Jumlah harus bilangan bulat 1–100.000.",
        "Quantity must be a whole number from 1 to 100,000.",
    ),
    (
        "action.due_before_meeting",
        "Batas waktu tidak boleh sebelum tanggal pertemuan.",
        "The due date cannot be before the meeting.",
    ),
    (
        "action.transition",
        "Perubahan status ini tidak diperbolehkan.",
        "This status change is not allowed.",
    ),
    ("forum.unknown", "Forum tidak ditemukan.", "Forum not found."),
    (
        "problem.unknown",
        "Masalah tidak ditemukan pada pertemuan ini.",
        "Problem not found in this meeting.",
    ),
    ("schedule.months", "Bulan harus 1–12.", "Months must be 1–12."),
    ("file.empty", "Berkas kosong.", "The file is empty."),
    (
        "file.too_large",
        "Berkas lebih dari 10 MB.",
        "The file is larger than 10 MB.",
    ),
    (
        "file.type",
        "Jenis berkas tidak diizinkan (PDF, JPG, PNG, DOCX, XLSX, ODT).",
        "File type not allowed (PDF, JPG, PNG, DOCX, XLSX, ODT).",
    ),
    (
        "agreement.two_parties",
        "Kerja sama memerlukan sedikitnya dua pihak.",
        "An agreement needs at least two parties.",
    ),
    (
        "agreement.end_before_start",
        "Tanggal berakhir harus sesudah tanggal mulai.",
        "The end date must be after the start date.",
    ),
    (
        "agreement.signatures_missing",
        "Setiap pihak perlu penanda tangan dan tanggal tanda tangan.",
        "Every party needs a signatory and a signing date.",
    ),
    // sectors
    ("sector.health", "Kesehatan", "Health"),
    ("sector.government", "Pemerintahan", "Government"),
    ("sector.security", "Keamanan (Polri)", "Security (police)"),
    ("sector.defence", "Pertahanan (TNI)", "Defence (military)"),
    ("sector.education", "Pendidikan", "Education"),
    ("sector.social", "Sosial & KB", "Social affairs & family planning"),
    ("sector.economy", "Ekonomi", "Economy"),
    ("sector.community", "Kemasyarakatan", "Community"),
    ("sector.professional", "Organisasi profesi", "Professional bodies"),
    ("sector.insurance", "Jaminan kesehatan", "Health insurance"),
    ("sector.other", "Lainnya", "Other"),
    // organisation kinds
    (
        "kind.dinkes_province",
        "Dinas Kesehatan Provinsi",
        "Provincial health office",
    ),
    (
        "kind.dinkes_district",
        "Dinas Kesehatan Kabupaten/Kota",
        "District health office",
    ),
    ("kind.puskesmas", "Puskesmas", "Puskesmas (community health centre)"),
    (
        "kind.pustu",
        "Puskesmas Pembantu (Pustu)",
        "Pustu (auxiliary health post)",
    ),
    ("kind.posyandu", "Posyandu", "Posyandu (village health post)"),
    ("kind.hospital", "Rumah sakit", "Hospital"),
    ("kind.kecamatan_office", "Kantor Camat", "Kecamatan office"),
    (
        "kind.village_government",
        "Pemerintah desa/kelurahan",
        "Village government",
    ),
    ("kind.regional_government", "Pemerintah daerah", "Regional government"),
    ("kind.polda", "Polda", "Regional police (Polda)"),
    ("kind.polres", "Polres", "District police (Polres)"),
    ("kind.polsek", "Polsek", "Sub-district police (Polsek)"),
    ("kind.kodim", "Kodim", "District military command (Kodim)"),
    ("kind.koramil", "Koramil", "Sub-district military command (Koramil)"),
    ("kind.education_office", "Dinas Pendidikan", "Education office"),
    ("kind.school", "Sekolah", "School"),
    ("kind.dpmd", "DPMD", "Village community empowerment office (DPMD)"),
    ("kind.p2kb", "Dinas P2KB", "Population & family planning office (P2KB)"),
    ("kind.bappeda", "Bappeda", "Development planning agency (Bappeda)"),
    ("kind.social_affairs", "Dinas Sosial", "Social affairs office"),
    ("kind.other_opd", "OPD lainnya", "Other government office (OPD)"),
    ("kind.pkk", "TP-PKK", "PKK (family welfare movement)"),
    ("kind.professional_body", "Organisasi profesi", "Professional body"),
    ("kind.bpjs", "BPJS Kesehatan", "BPJS Kesehatan (health insurance)"),
    (
        "kind.community_org",
        "Organisasi kemasyarakatan",
        "Community organisation",
    ),
    ("kind.other", "Lainnya", "Other"),
    // position kinds
    ("pos.head", "Kepala/pimpinan", "Head"),
    ("pos.camat", "Camat", "Camat"),
    ("pos.kepala_desa", "Kepala desa", "Village head"),
    ("pos.kapolsek", "Kapolsek", "Police sub-district chief (Kapolsek)"),
    (
        "pos.bhabinkamtibmas",
        "Bhabinkamtibmas",
        "Village police officer (Bhabinkamtibmas)",
    ),
    ("pos.danramil", "Danramil", "Koramil commander (Danramil)"),
    ("pos.babinsa", "Babinsa", "Village military officer (Babinsa)"),
    ("pos.bidan_desa", "Bidan desa", "Village midwife"),
    ("pos.kader", "Kader", "Kader (Posyandu volunteer)"),
    ("pos.program_holder", "Pemegang program", "Program holder"),
    ("pos.staff", "Staf", "Staff"),
    ("pos.chair", "Ketua", "Chair"),
    ("pos.member", "Anggota", "Member"),
    ("pos.other", "Lainnya", "Other"),
];

static INDEX: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| TEXTS.iter().map(|(k, id, en)| (*k, (*id, *en))).collect());

/// The text of `key` in `lang`; the key itself when unknown (a test keeps that from happening).
pub fn text(lang: Lang, key: &str) -> &str {
    match INDEX.get(key) {
        Some((id, en)) => match lang {
            Lang::Id => id,
            Lang::En => en,
        },
        None => key,
    }
}

pub fn has(key: &str) -> bool {
    INDEX.contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::org::{OrgKind, Sector};
    use domain::person::PositionKind;
    use domain::user::Role;

    #[test]
    fn keys_are_unique() {
        assert_eq!(INDEX.len(), TEXTS.len());
    }

    /// Every validation code written in the domain and app sources has a message in both
    /// languages (store constraint names, which the app maps to codes, are not messages).
    #[test]
    fn every_validation_code_has_a_message() {
        let sources = [
            include_str!("../../domain/src/error.rs"),
            include_str!("../../domain/src/org.rs"),
            include_str!("../../domain/src/person.rs"),
            include_str!("../../domain/src/region.rs"),
            include_str!("../../domain/src/user.rs"),
            include_str!("../../domain/src/meeting.rs"),
            include_str!("../../domain/src/problem.rs"),
            include_str!("../../domain/src/action.rs"),
            include_str!("../../domain/src/agreement.rs"),
            include_str!("../../app/src/meeting.rs"),
            include_str!("../../app/src/problem.rs"),
            include_str!("../../app/src/action.rs"),
            include_str!("../../app/src/auth.rs"),
            include_str!("../../app/src/error.rs"),
            include_str!("../../app/src/org.rs"),
            include_str!("../../app/src/person.rs"),
            include_str!("../../app/src/region.rs"),
            include_str!("../../app/src/user.rs"),
        ];
        let constraint_names = [
            "organizations.code",
            "org_identifiers.value",
            "org_identifiers.system",
            "wilayah_kerja.desa_code",
            "people.nik",
            "users.username",
        ];
        let mut missing = Vec::new();
        for src in sources {
            for lit in src.split('"').skip(1).step_by(2) {
                let is_code = lit.contains('.')
                    && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                    && !lit.starts_with('.')
                    && !lit.ends_with('.');
                if is_code && !constraint_names.contains(&lit) && !has(lit) {
                    missing.push(lit.to_string());
                }
            }
        }
        for plain in ["required", "too_long", "conflict"] {
            assert!(has(plain));
        }
        assert!(missing.is_empty(), "codes without a message: {missing:?}");
    }

    #[test]
    fn every_domain_choice_has_a_label() {
        for k in OrgKind::ALL {
            assert!(has(&format!("kind.{k}")), "kind.{k}");
        }
        for s in Sector::ALL {
            assert!(has(&format!("sector.{s}")), "sector.{s}");
        }
        for r in Role::ALL {
            assert!(has(&format!("role.{r}")), "role.{r}");
        }
        for p in PositionKind::ALL {
            assert!(has(&format!("pos.{p}")), "pos.{p}");
        }
    }
}
