//! Bahasa Indonesia first, English available. One table holds every text in both languages,
//! so a key cannot exist in one and be missing in the other. Validation codes from the domain
//! (`nik.length`, …) are keys here too.
//!
//! The table sits in `domain` (std only) so that every layer above it — the use cases in
//! `app` (export headers, import reports), the pages in `web` and the `lintas` binary's
//! messages — reads its text from the same place.

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
    ("account.token_never_used", "Belum pernah dipakai", "Never used"),
    ("account.token_expires", "Berlaku sampai", "Valid until"),
    ("account.token_expired", "kedaluwarsa", "expired"),
    ("account.token_days", "Masa berlaku token", "Token lifetime"),
    ("account.days", "hari", "days"),
    (
        "account.password_sessions",
        "Setelah kata sandi diganti, semua sesi lain akun ini (di perangkat lain) berakhir.",
        "After the password changes, every other session of this account (on other devices) ends.",
    ),
    (
        "account.revoke_tokens",
        "Cabut juga semua token API akun ini",
        "Also revoke every API token of this account",
    ),
    ("account.role", "Peran", "Role"),
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
    (
        "orgs.parent_fixed",
        "Induk organisasi hanya dapat diubah oleh Dinas Kesehatan atau administrator.",
        "Only the district health office or an administrator can change the parent.",
    ),
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
    ("audit.user", "Pengguna", "User"),
    ("audit.action", "Aksi", "Action"),
    ("audit.entity", "Data", "Record"),
    ("audit.before", "Sebelum", "Before"),
    ("audit.after", "Sesudah", "After"),
    ("audit.system", "sistem", "system"),
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
        "Pada hari ini, {day}, bertempat di {place}, telah dilaksanakan {forum} yang dihadiri oleh {people} orang peserta dari {orgs} organisasi, dengan kesepakatan sebagai berikut:",
        "On this day, {day}, at {place}, a {forum} was held, attended by {people} participants from {orgs} organisations, with the following agreements:",
    ),
    (
        "berita.closing",
        "Demikian berita acara ini dibuat untuk dilaksanakan sebagaimana mestinya.",
        "This record was drawn up to be carried out as agreed.",
    ),
    ("berita.short", "Berita acara", "Record of agreements"),
    ("print.header", "dicetak dari Lintas", "printed from Lintas"),
    ("print.until", "s.d.", "to"),
    ("print.day_date", "Hari/Tanggal", "Day/date"),
    ("print.time", "Waktu", "Time"),
    ("print.org", "Instansi/Organisasi", "Office/organisation"),
    ("print.position", "Jabatan", "Position"),
    ("print.chair", "Pimpinan Rapat", "Chair"),
    ("print.organiser", "Penyelenggara", "Organiser"),
    ("attendance.title", "Daftar hadir", "Attendance list"),
    (
        "rtl.title",
        "Matriks Rencana Tindak Lanjut (RTL)",
        "Action plan matrix (RTL)",
    ),
    ("rtl.sheet_title", "Matriks RTL", "RTL matrix"),
    ("rtl.col.problem", "Masalah", "Problem"),
    ("rtl.col.cause", "Penyebab", "Cause"),
    ("rtl.col.activity", "Kegiatan", "Activity"),
    ("rtl.col.owner", "Penanggung jawab", "Responsible"),
    ("rtl.col.target", "Sasaran", "Target"),
    ("rtl.col.due", "Waktu", "Due"),
    ("rtl.col.budget", "Sumber dana", "Budget source"),
    ("rtl.col.status", "Status", "Status"),
    ("agcol.id", "ID", "ID"),
    ("agcol.kind", "Jenis", "Kind"),
    ("agcol.title", "Judul", "Title"),
    ("agcol.parties", "Para pihak", "Parties"),
    ("agcol.sectors", "Sektor", "Sectors"),
    ("agcol.numbers", "Nomor dokumen", "Document numbers"),
    ("agcol.scope", "Ruang lingkup", "Scope"),
    ("agcol.start", "Mulai", "Start"),
    ("agcol.end", "Berakhir", "End"),
    ("agcol.days_left", "Sisa hari", "Days left"),
    ("agcol.status", "Status", "Status"),
    ("agcol.parent", "Induk", "Parent"),
    ("agcol.public", "Publik", "Public"),
    ("agcol.sheet", "Kerja sama", "Agreements"),
    ("import.col.row", "baris", "row"),
    ("import.col.column", "kolom", "column"),
    ("import.col.value", "nilai", "value"),
    ("import.col.reason", "alasan", "reason"),
    (
        "meetings.review_item",
        "Tinjauan tindak lanjut pertemuan sebelumnya",
        "Review of the previous meeting's actions",
    ),
    // calendar
    ("month.1", "Januari", "January"),
    ("month.2", "Februari", "February"),
    ("month.3", "Maret", "March"),
    ("month.4", "April", "April"),
    ("month.5", "Mei", "May"),
    ("month.6", "Juni", "June"),
    ("month.7", "Juli", "July"),
    ("month.8", "Agustus", "August"),
    ("month.9", "September", "September"),
    ("month.10", "Oktober", "October"),
    ("month.11", "November", "November"),
    ("month.12", "Desember", "December"),
    ("day.1", "Senin", "Monday"),
    ("day.2", "Selasa", "Tuesday"),
    ("day.3", "Rabu", "Wednesday"),
    ("day.4", "Kamis", "Thursday"),
    ("day.5", "Jumat", "Friday"),
    ("day.6", "Sabtu", "Saturday"),
    ("day.7", "Minggu", "Sunday"),
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
    // agreements
    ("nav.agreements", "Kerja sama", "Agreements"),
    ("common.delete", "Hapus", "Delete"),
    ("common.export", "Unduh", "Export"),
    ("common.reset", "Atur ulang", "Reset"),
    ("orgs.sector", "Sektor", "Sector"),
    (
        "date.future",
        "Tanggal tidak boleh di masa depan.",
        "The date cannot be in the future.",
    ),
    (
        "files.hint",
        "PDF, PNG, JPEG, DOCX, XLSX, ODT atau ODS; paling besar 10 MB.",
        "PDF, PNG, JPEG, DOCX, XLSX, ODT or ODS; at most 10 MB.",
    ),
    ("agreements.title", "Kerja sama (MOU/PKS)", "Agreements (MOU/PKS)"),
    (
        "agreements.of_org",
        "Kerja sama organisasi ini",
        "This organisation's agreements",
    ),
    ("agreements.register", "Register kerja sama", "Agreement register"),
    ("agreements.new", "Kerja sama baru", "New agreement"),
    ("agreements.edit", "Ubah kerja sama", "Edit agreement"),
    ("agreements.title_field", "Judul", "Title"),
    ("agreements.status", "Status", "Status"),
    ("agreements.parent", "Dokumen induk", "Parent agreement"),
    (
        "agreements.parent_hint",
        "Untuk juklak, juknis, addendum atau PKS turunan dari sebuah MOU.",
        "For a juklak, juknis, addendum or a PKS under an MOU.",
    ),
    ("agreements.parties", "Para pihak", "Parties"),
    (
        "agreements.parties_hint",
        "Dua pihak atau lebih, dari sektor mana pun. Baris tanpa organisasi diabaikan.",
        "Two or more parties of any sector. Rows without an organisation are ignored.",
    ),
    ("agreements.party", "Pihak", "Party"),
    ("agreements.doc_number", "Nomor dokumen", "Document number"),
    ("agreements.signatory", "Penanda tangan", "Signatory"),
    (
        "agreements.signatory_position",
        "Jabatan penanda tangan",
        "Signatory's position",
    ),
    ("agreements.signed_on", "Tanggal tanda tangan", "Signed on"),
    ("agreements.financing", "Pembiayaan", "Financing"),
    ("agreements.scope", "Ruang lingkup", "Scope"),
    ("agreements.start_on", "Berlaku mulai", "Starts"),
    ("agreements.end_on", "Berakhir", "Ends"),
    ("agreements.term", "Masa berlaku", "Term"),
    ("agreements.legal_basis", "Dasar hukum", "Legal basis"),
    ("agreements.purpose", "Maksud dan tujuan", "Purpose"),
    ("agreements.summary", "Ringkasan", "Summary"),
    (
        "agreements.is_public",
        "Dapat dilihat semua pengguna (publik)",
        "Visible to every user (public)",
    ),
    (
        "agreements.public_hint",
        "MOU dan kesepakatan bersama publik secara bawaan; kerja sama lain hanya terlihat oleh para pihak.",
        "MOUs and joint agreements are public by default; others are visible to their parties only.",
    ),
    ("agreements.public", "Publik", "Public"),
    ("agreements.private", "Hanya para pihak", "Parties only"),
    (
        "agreements.from_meeting",
        "Dimulai dari pertemuan",
        "Started from the meeting",
    ),
    ("agreements.under", "di bawah", "under"),
    ("agreements.days_left", "hari lagi", "days left"),
    ("agreements.days", "hari", "days"),
    ("agreements.found", "kerja sama", "agreements"),
    ("agreements.search_hint", "Judul atau ringkasan", "Title or summary"),
    ("agreements.region", "Kode wilayah pihak", "Party's region code"),
    ("agreements.year", "Berlaku pada tahun", "In force in year"),
    ("agreements.expiring", "Berakhir ≤ 90 hari", "Ending within 90 days"),
    (
        "agreements.expired_unrenewed",
        "Berakhir, belum diperpanjang",
        "Expired, not renewed",
    ),
    (
        "agreements.expiring_title",
        "Kerja sama yang akan berakhir",
        "Agreements about to end",
    ),
    ("agreements.expiring_within", "Berakhir dalam", "Ending within"),
    (
        "agreements.expiring_notice",
        "Kerja sama ini akan berakhir. Siapkan perpanjangan bila masih diperlukan.",
        "This agreement is about to end. Prepare a renewal if it is still needed.",
    ),
    ("agreements.print", "Ringkasan cetak", "Printable summary"),
    ("agreements.summary_doc", "Ringkasan kerja sama", "Agreement summary"),
    ("agreements.printed_on", "dicetak", "printed"),
    ("agreements.since", "sejak", "since"),
    ("agreements.registered_by", "Didaftarkan oleh", "Registered by"),
    ("agreements.renews", "Perpanjangan dari", "Renews"),
    ("agreements.renewed_by", "Diperpanjang dengan", "Renewed by"),
    ("agreements.lifecycle", "Tahapan", "Lifecycle"),
    ("agreements.move_to", "Pindah ke", "Move to"),
    ("agreements.on_date", "Tanggal", "Date"),
    ("agreements.note", "Catatan", "Note"),
    ("agreements.renew", "Perpanjang", "Renew"),
    (
        "agreements.renew_hint",
        "Membuat draf baru dengan para pihak, ruang lingkup dan kewajiban yang sama.",
        "Creates a new draft with the same parties, scope and obligations.",
    ),
    (
        "agreements.obligations",
        "Kewajiban para pihak",
        "Obligations of the parties",
    ),
    ("agreements.obligation", "Kewajiban", "Obligation"),
    ("agreements.add_obligation", "Tambah kewajiban", "Add obligation"),
    ("agreements.no_actions", "Belum ada tindak lanjut.", "No actions yet."),
    (
        "agreements.new_action",
        "Buat tindak lanjut untuk kewajiban ini",
        "Create an action for this obligation",
    ),
    (
        "agreements.action_meeting",
        "Disepakati pada pertemuan",
        "Agreed at meeting",
    ),
    (
        "agreements.action_owner_hint",
        "Penanggung jawab tindak lanjut:",
        "The action will be owned by",
    ),
    (
        "agreements.actions_status",
        "Tindak lanjut dan status",
        "Actions and status",
    ),
    (
        "agreements.link_action",
        "Tautkan tindak lanjut nomor",
        "Link action number",
    ),
    ("agreements.link", "Tautkan", "Link"),
    ("agreements.unlink", "Lepas", "Unlink"),
    ("agreements.meetings", "Pertemuan terkait", "Linked meetings"),
    ("agreements.meeting_role", "Peran pertemuan", "Role of the meeting"),
    ("agreements.documents", "Dokumen", "Documents"),
    ("agreements.upload", "Unggah", "Upload"),
    ("agreements.derived", "Dokumen turunan", "Derived documents"),
    ("agreements.history", "Riwayat status", "Status history"),
    (
        "agreements.batch",
        "Kerja sama dengan banyak desa",
        "Agreement with many villages",
    ),
    (
        "agreements.batch_intro",
        "Satu kerja sama yang sama dengan setiap pemerintah desa di wilayah kerja, dalam satu langkah.",
        "The same agreement with each village government of the wilayah kerja, in one step.",
    ),
    ("agreements.batch_host", "Pihak pertama", "First party"),
    ("agreements.batch_choose", "Pilih", "Choose"),
    ("agreements.batch_mode", "Bentuk", "Form"),
    (
        "agreements.batch_per_village",
        "Satu kerja sama per desa",
        "One agreement per village",
    ),
    (
        "agreements.batch_multi",
        "Satu kerja sama banyak pihak",
        "One multi-party agreement",
    ),
    ("agreements.batch_villages", "Pemerintah desa", "Village governments"),
    (
        "agreements.batch_no_villages",
        "Tidak ada pemerintah desa di wilayah pihak pertama.",
        "No village governments in the first party's area.",
    ),
    ("agreements.batch_create", "Buat kerja sama", "Create agreements"),
    ("agreements.number_pattern", "Pola nomor desa", "Village number pattern"),
    (
        "agreements.number_pattern_hint",
        "Dipakai bila nomor baris kosong: {n} = urutan, {kode} = kode desa.",
        "Used where a row has no number: {n} = sequence, {kode} = desa code.",
    ),
    (
        "agreements.home_warning",
        "Kerja sama organisasi Anda yang perlu perhatian",
        "Agreements of your organisation that need attention",
    ),
    (
        "agreements.home_expiring",
        "akan berakhir dalam 90 hari",
        "ending within 90 days",
    ),
    (
        "agreements.home_expired",
        "sudah berakhir tanpa perpanjangan",
        "expired without renewal",
    ),
    ("agreements.meeting_section", "Kerja sama", "Agreements"),
    (
        "agreements.start_from_meeting",
        "Mulai draf kerja sama dengan peserta pertemuan ini",
        "Start a draft agreement among this meeting's participants",
    ),
    (
        "akind.mou",
        "Nota Kesepahaman (MOU)",
        "Memorandum of understanding (MOU)",
    ),
    (
        "akind.pks",
        "Perjanjian Kerja Sama (PKS)",
        "Cooperation agreement (PKS)",
    ),
    ("akind.nota_kesepakatan", "Nota Kesepakatan", "Nota kesepakatan"),
    ("akind.kesepakatan_bersama", "Kesepakatan Bersama", "Joint agreement"),
    ("akind.addendum", "Addendum", "Addendum"),
    (
        "akind.juklak",
        "Petunjuk Pelaksanaan (Juklak)",
        "Implementation guideline (juklak)",
    ),
    (
        "akind.juknis",
        "Petunjuk Teknis (Juknis)",
        "Technical guideline (juknis)",
    ),
    ("agstatus.exploration", "Penjajakan", "Exploration"),
    ("agstatus.draft", "Draf", "Draft"),
    ("agstatus.discussion", "Pembahasan", "Under discussion"),
    ("agstatus.agreed", "Disepakati", "Agreed"),
    ("agstatus.signed", "Ditandatangani", "Signed"),
    ("agstatus.active", "Berlaku", "Active"),
    ("agstatus.expired", "Berakhir", "Expired"),
    ("agstatus.renewed", "Diperpanjang", "Renewed"),
    ("agstatus.terminated", "Diakhiri lebih awal", "Terminated early"),
    ("scope.advokasi", "Advokasi", "Advocacy"),
    ("scope.komunikasi", "Komunikasi", "Communication"),
    ("scope.informasi", "Informasi", "Information"),
    ("scope.edukasi", "Edukasi (KIE)", "Education (IEC)"),
    (
        "scope.pengamanan",
        "Dukungan pengamanan kegiatan kesehatan",
        "Security support for health activities",
    ),
    ("scope.pelatihan", "Pelatihan", "Training"),
    ("scope.pendampingan", "Pendampingan", "Mentoring"),
    ("scope.berbagi_data", "Berbagi data", "Data sharing"),
    ("scope.pendanaan", "Pendanaan", "Funding"),
    ("scope.rujukan", "Rujukan", "Referral"),
    ("scope.other", "Lainnya", "Other"),
    ("agmeeting.explored", "penjajakan", "explored"),
    ("agmeeting.discussed", "pembahasan", "discussed"),
    ("agmeeting.signed", "penandatanganan", "signed"),
    ("agmeeting.evaluated", "evaluasi", "evaluated"),
    ("agdoc.signed", "Naskah bertanda tangan", "Signed copy"),
    ("agdoc.draft", "Draf", "Draft"),
    ("agdoc.other", "Lainnya", "Other"),
    (
        "agreement.register_status",
        "Kerja sama tidak dapat didaftarkan langsung dengan status ini.",
        "An agreement cannot be registered in this status.",
    ),
    (
        "agreement.parent_required",
        "Juklak, juknis dan addendum memerlukan dokumen induk.",
        "A juklak, juknis or addendum needs a parent agreement.",
    ),
    (
        "agreement.party_twice",
        "Organisasi ini sudah menjadi pihak (baris)",
        "This organisation is already a party (row)",
    ),
    (
        "agreement.not_a_party",
        "Salah satu pihak harus organisasi Anda.",
        "One of the parties must be your organisation.",
    ),
    (
        "agreement.not_a_party_org",
        "Organisasi ini bukan pihak dalam kerja sama.",
        "This organisation is not a party to the agreement.",
    ),
    (
        "agreement.parent_unknown",
        "Dokumen induk tidak ditemukan.",
        "Parent agreement not found.",
    ),
    (
        "agreement.parent_cycle",
        "Dokumen induk tidak boleh turunan dari kerja sama ini.",
        "The parent cannot be derived from this agreement.",
    ),
    (
        "agreement.party_has_obligations",
        "Pihak yang masih punya kewajiban tidak dapat dihapus; hapus kewajibannya dulu.",
        "A party with obligations cannot be removed; delete its obligations first.",
    ),
    (
        "agreement.renew_step",
        "Gunakan tombol Perpanjang untuk memperpanjang kerja sama.",
        "Use the Renew button to renew an agreement.",
    ),
    (
        "agreement.transition",
        "Perpindahan status ini tidak diperbolehkan.",
        "This status change is not allowed.",
    ),
    (
        "agreement.action_unknown",
        "Tindak lanjut tidak ditemukan.",
        "Action not found.",
    ),
    (
        "agreement.action_owner",
        "Tindak lanjut harus dimiliki pihak yang punya kewajiban.",
        "The action must be owned by the party that has the obligation.",
    ),
    (
        "agreement.meeting_required",
        "Pilih pertemuan tempat tindak lanjut disepakati.",
        "Choose the meeting where the action is agreed.",
    ),
    (
        "agreement.meeting_host",
        "Anda hanya dapat menambah tindak lanjut pada pertemuan yang Anda selenggarakan.",
        "You can only add actions to meetings you host.",
    ),
    (
        "agreement.meeting_unknown",
        "Pertemuan tidak ditemukan.",
        "Meeting not found.",
    ),
    (
        "agreement.batch_mode",
        "Bentuk kerja sama tidak dikenal.",
        "Unknown form of agreement.",
    ),
    (
        "agreement.batch_none",
        "Pilih sedikitnya satu desa.",
        "Choose at least one village.",
    ),
    // nutrition: report
    ("nav.nutrition", "Gizi", "Nutrition"),
    ("nutrition.title", "Status gizi balita", "Child nutrition status"),
    ("nutrition.place", "Tempat", "Place"),
    ("nutrition.month", "Bulan", "Month"),
    ("nutrition.compare", "Pembanding", "Compare with"),
    ("nutrition.show", "Tampilkan", "Show"),
    (
        "nutrition.live_hint",
        "Angka langsung dari pengukuran yang tersimpan",
        "Figures straight from the stored measurements",
    ),
    (
        "nutrition.measured",
        "Balita diukur (cakupan)",
        "Children measured (coverage)",
    ),
    ("nutrition.measured_short", "Diukur", "Measured"),
    (
        "nutrition.stunted",
        "Stunting (pendek + sangat pendek)",
        "Stunted (stunted + severely stunted)",
    ),
    ("nutrition.stunted_short", "Stunting", "Stunted"),
    ("nutrition.severely", "sangat pendek", "severely stunted"),
    (
        "nutrition.wasted",
        "Wasting (gizi kurang + gizi buruk)",
        "Wasted (wasted + severely wasted)",
    ),
    ("nutrition.wasted_short", "Wasting", "Wasting"),
    ("nutrition.severely_wasted", "gizi buruk", "severely wasted"),
    (
        "nutrition.underweight",
        "Underweight (BB kurang + sangat kurang)",
        "Underweight (underweight + severely underweight)",
    ),
    ("nutrition.underweight_short", "Underweight", "Underweight"),
    (
        "nutrition.severely_underweight",
        "BB sangat kurang",
        "severely underweight",
    ),
    ("nutrition.prevalence", "Prevalensi stunting", "Stunting prevalence"),
    ("nutrition.ci", "IK 95%", "95% CI"),
    (
        "nutrition.denominators",
        "Prevalensi dihitung dari balita dengan nilai z yang masuk akal (TB/U untuk stunting, BB/TB untuk wasting, BB/U untuk underweight); cakupan = balita diukur / balita terdaftar 0–59 bulan (S).",
        "Prevalence counts children with a plausible z-score (length/height-for-age for stunting, weight-for-length/height for wasting, weight-for-age for underweight); coverage = children measured / registered children 0–59 months (S).",
    ),
    (
        "nutrition.flagged",
        "pengukuran perlu diperiksa ulang",
        "measurements to re-check",
    ),
    ("nutrition.change", "Perubahan", "Change"),
    ("nutrition.delta", "Perubahan", "Change"),
    ("nutrition.pp", "poin persen", "percentage points"),
    ("nutrition.skdn_s", "S — balita terdaftar", "S — children registered"),
    ("nutrition.skdn_k", "K — punya buku KIA/KMS", "K — with KIA book/KMS"),
    ("nutrition.skdn_d", "D — ditimbang", "D — weighed"),
    ("nutrition.skdn_n", "N — naik", "N — gained"),
    ("nutrition.skdn_t", "T — tidak naik", "T — did not gain"),
    (
        "nutrition.skdn_o",
        "O — tidak ditimbang bulan lalu",
        "O — not weighed last month",
    ),
    (
        "nutrition.skdn_b",
        "B — baru pertama ditimbang",
        "B — weighed for the first time",
    ),
    (
        "nutrition.skdn_bgm",
        "BGM — di bawah garis merah",
        "BGM — below the red line",
    ),
    (
        "nutrition.rule_at_home",
        "Anak yang ditimbang di Posyandu lain (luar wilayah) dihitung dalam S, D, N/T dan status gizi Posyandu tempat ia terdaftar; Posyandu yang menimbang menampilkannya terpisah.",
        "Children weighed at another Posyandu (away from home) count in S, D, N/T and nutrition status where they are registered; the Posyandu that weighed them shows them apart.",
    ),
    (
        "nutrition.rule_where_weighed",
        "Anak yang ditimbang di Posyandu lain (luar wilayah) dihitung dalam S, D, N/T dan status gizi Posyandu yang menimbangnya pada bulan itu (pengaturan instalasi).",
        "Children weighed at another Posyandu (away from home) count in S, D, N/T and nutrition status where they were weighed that month (an installation setting).",
    ),
    (
        "nutrition.rule_title",
        "Anak luar wilayah dihitung",
        "Children from outside count",
    ),
    (
        "nutrition.rule_at_home_short",
        "di Posyandu tempat terdaftar (bawaan)",
        "where registered (default)",
    ),
    (
        "nutrition.rule_where_weighed_short",
        "di Posyandu yang menimbang",
        "where weighed",
    ),
    (
        "nutrition.skdn_visitors",
        "Luar wilayah (ditimbang di sini, terdaftar di Posyandu lain; tidak masuk D/S di sini)",
        "From outside (weighed here, registered at another Posyandu; not in D/S here)",
    ),
    (
        "nutrition.skdn_hint",
        "N/T memakai kenaikan berat badan minimal (KBM) menurut umur dibanding penimbangan bulan lalu.",
        "N/T uses the minimum weight gain (KBM) for the age against last month's weighing.",
    ),
    ("nutrition.by", "Menurut", "By"),
    ("nutrition.line_kecamatan", "kecamatan", "sub-district"),
    ("nutrition.line_desa", "desa", "village"),
    ("nutrition.line_posyandu", "Posyandu", "Posyandu"),
    ("nutrition.chart_title", "Prevalensi stunting", "Stunting prevalence"),
    (
        "nutrition.chart_caption",
        "Panjang batang: prevalensi stunting, skala",
        "Bar length: stunting prevalence, scale",
    ),
    ("nutrition.target", "target", "target"),
    (
        "nutrition.print_title",
        "Laporan status gizi balita",
        "Child nutrition status report",
    ),
    ("nutrition.indicator", "Indikator", "Indicator"),
    ("nutrition.denominator", "Penyebut", "Denominator"),
    ("nutrition.total", "Jumlah", "Total"),
    // nutrition: children
    ("children.title", "Data balita", "Children"),
    ("children.new", "Daftarkan balita", "Register a child"),
    ("children.edit", "Ubah data balita", "Edit child"),
    (
        "children.registered",
        "Balita sudah terdaftar.",
        "The child is registered.",
    ),
    ("children.search_hint", "Nama anak / ibu", "Child's / mother's name"),
    ("children.aged_out", "lewat 5 tahun", "over five"),
    ("children.all_posyandu", "Semua Posyandu", "All Posyandu"),
    ("children.found", "balita", "children"),
    (
        "children.audited",
        "setiap pembukaan daftar nama dicatat dalam jejak audit",
        "every opening of a list of names is recorded in the audit log",
    ),
    ("children.name", "Nama anak", "Child's name"),
    ("children.sex", "Jenis kelamin", "Sex"),
    ("sex.L", "Laki-laki", "Boy"),
    ("sex.P", "Perempuan", "Girl"),
    ("children.birth_date", "Tanggal lahir", "Date of birth"),
    ("children.born", "lahir", "born"),
    (
        "children.as_of_toggle",
        "Memasukkan catatan lama?",
        "Entering old records?",
    ),
    ("children.as_of", "Terdaftar per tanggal", "Registered as of"),
    (
        "children.as_of_hint",
        "Untuk menyalin riwayat dari buku KIA: tanggal penimbangan pertama yang dicatat. Anak harus berumur di bawah 5 tahun pada tanggal itu.",
        "To copy history from the KIA book: the date of the first weighing recorded. The child must be under five on that date.",
    ),
    ("children.nik", "NIK anak", "Child's NIK"),
    (
        "children.nik_masked_hint",
        "NIK ditampilkan tersamar: ketik ulang NIK lengkap untuk menyimpan perubahan.",
        "The NIK is shown masked: type the full NIK again to save changes.",
    ),
    ("children.birth_weight", "Berat lahir (kg)", "Birth weight (kg)"),
    ("children.birth_length", "Panjang lahir (cm)", "Birth length (cm)"),
    ("children.mother", "Ibu", "Mother"),
    ("children.mother_name", "Nama ibu", "Mother's name"),
    ("children.mother_nik", "NIK ibu", "Mother's NIK"),
    ("children.kk", "Nomor KK", "Family card number"),
    ("children.kia", "Buku KIA/KMS", "KIA book/KMS"),
    ("children.has_kia", "Punya buku KIA/KMS", "Has a KIA book/KMS"),
    ("children.details", "Data anak", "Details"),
    ("children.history", "Riwayat pengukuran", "Measurement history"),
    (
        "children.no_measurements",
        "Belum ada pengukuran.",
        "No measurements yet.",
    ),
    ("children.growth", "Grafik pertumbuhan", "Growth chart"),
    ("children.chart_weight", "Berat badan menurut umur", "Weight for age"),
    (
        "children.chart_height",
        "Panjang/tinggi badan menurut umur",
        "Length/height for age",
    ),
    ("children.age_months", "umur (bulan)", "age (months)"),
    (
        "children.duplicates",
        "Mungkin sudah terdaftar",
        "Possibly registered already",
    ),
    (
        "children.duplicates_hint",
        "Balita dengan NIK yang sama, atau nama, tanggal lahir dan ibu yang sama, sudah ada. Buka datanya bila anak yang sama, atau daftarkan sebagai anak baru.",
        "A child with the same NIK, or the same name, birth date and mother, exists. Open it if it is the same child, or register a new child.",
    ),
    ("children.same_nik", "NIK sama", "same NIK"),
    (
        "children.same_nik_hint",
        "NIK yang sama tidak dapat didaftarkan dua kali.",
        "The same NIK cannot be registered twice.",
    ),
    (
        "children.same_child",
        "Ini anak yang sama — buka data",
        "This is the same child — open it",
    ),
    ("children.elsewhere", "Terdaftar di", "Registered at"),
    (
        "children.register_anyway",
        "Daftarkan sebagai anak baru",
        "Register as a new child",
    ),
    ("children.merge", "Gabungkan data ganda", "Merge a duplicate"),
    (
        "children.merge_into",
        "Nomor data yang dipertahankan",
        "Number of the record that stays",
    ),
    (
        "children.merge_hint",
        "Pengukuran data ini dipindahkan ke data yang dipertahankan, lalu data ini ditutup. Nomor data ini:",
        "This record's measurements move to the record that stays, then this record is closed. This record's number:",
    ),
    (
        "children.merged_into",
        "Data ini sudah digabung ke",
        "This record was merged into",
    ),
    // nutrition: measurements
    ("measure.title", "Timbang & ukur", "Weigh & measure"),
    ("measure.short", "Timbang", "Weigh"),
    ("measure.saved", "Pengukuran tersimpan.", "Measurement saved."),
    ("measure.result", "Hasil pengukuran", "Result"),
    ("measure.latest", "Pengukuran terakhir", "Latest measurement"),
    ("measure.last", "Terakhir", "Last"),
    ("measure.date", "Tanggal ukur", "Date measured"),
    ("measure.weight", "Berat badan (kg)", "Weight (kg)"),
    ("measure.weight_short", "BB", "Weight"),
    (
        "measure.weight_hint",
        "Dalam kilogram, misalnya 9,8",
        "In kilograms, e.g. 9.8",
    ),
    ("measure.height", "Panjang/tinggi badan (cm)", "Length/height (cm)"),
    ("measure.height_short", "PB/TB", "Length/height"),
    (
        "measure.height_hint",
        "Dalam sentimeter, misalnya 78,5",
        "In centimetres, e.g. 78.5",
    ),
    ("measure.position", "Cara ukur", "Position"),
    ("measure.position_auto", "Menurut umur", "By age"),
    ("measure.lying", "Telentang (PB)", "Lying (length)"),
    ("measure.standing", "Berdiri (TB)", "Standing (height)"),
    (
        "measure.oedema",
        "Ada edema (bengkak) di kedua punggung kaki",
        "Bilateral pitting oedema",
    ),
    (
        "measure.oedema_present",
        "Ada edema: rujuk ke Puskesmas.",
        "Oedema present: refer to the Puskesmas.",
    ),
    ("measure.muac", "LiLA (cm)", "MUAC (cm)"),
    ("measure.muac_short", "LiLA", "MUAC"),
    ("measure.head", "Lingkar kepala (cm)", "Head circumference (cm)"),
    ("measure.head_short", "LK", "HC"),
    ("measure.save", "Simpan", "Save"),
    ("measure.recheck", "Periksa ulang", "Re-check"),
    (
        "measure.recheck_hint",
        "Nilai ini tidak masuk akal menurut standar WHO: ukur ulang anak dan periksa angka yang diketik.",
        "This value is implausible by the WHO standards: measure the child again and check the numbers typed.",
    ),
    (
        "measure.stunted_note",
        "Anak ini pendek (stunting) menurut TB/U: perlu pendampingan.",
        "This child is stunted (length/height-for-age): follow-up needed.",
    ),
    (
        "measure.bgm_note",
        "Berat badan di bawah garis merah (BGM): rujuk ke Puskesmas.",
        "Weight below the red line (BGM): refer to the Puskesmas.",
    ),
    ("trend.n_long", "Naik", "Gained"),
    ("trend.t_long", "Tidak naik", "Did not gain"),
    ("trend.o_long", "Bulan lalu tidak ditimbang", "Not weighed last month"),
    ("trend.b_long", "Penimbangan pertama", "First weighing"),
    // nutrition: follow-up
    ("followup.title", "Tindak lanjut gizi", "Nutrition follow-up"),
    (
        "followup.found",
        "balita perlu tindak lanjut",
        "children need follow-up",
    ),
    ("followup.reason", "Alasan", "Reason"),
    ("reason.stunted", "Stunting", "Stunted"),
    ("reason.t2", "T 2 kali berturut-turut", "T twice in a row"),
    ("reason.bgm", "BGM", "Below the red line"),
    ("reason.flagged", "Periksa ulang", "Re-check"),
    ("followup.actions", "Tindak lanjut", "Follow-up"),
    ("followup.open", "terbuka", "open"),
    ("followup.of_child", "Tindak lanjut", "Follow-up"),
    (
        "followup.none_open",
        "Belum ada tindak lanjut yang terbuka.",
        "No open follow-up.",
    ),
    (
        "followup.closed",
        "tindak lanjut sudah selesai/ditutup",
        "follow-up actions done or closed",
    ),
    ("followup.assign", "Tugaskan tindak lanjut", "Assign follow-up"),
    ("followup.owner", "Penanggung jawab", "Owner"),
    ("owner.bidan", "Bidan", "Midwife"),
    ("owner.kader", "Kader", "Kader"),
    ("owner.babinsa", "Babinsa", "Babinsa"),
    ("owner.bhabinkamtibmas", "Bhabinkamtibmas", "Bhabinkamtibmas"),
    ("followup.org_only", "instansinya", "the organisation"),
    ("followup.meeting", "Disepakati pada pertemuan", "Agreed at the meeting"),
    (
        "followup.no_meeting",
        "Tindak lanjut disepakati pada pertemuan yang Anda selenggarakan; belum ada.",
        "Follow-up is agreed at a meeting you host; there is none yet.",
    ),
    (
        "followup.what_hint",
        "Terlihat oleh semua peserta pertemuan: jangan tulis nama anak.",
        "Seen by everyone at the meeting: do not write the child's name.",
    ),
    ("followup.note", "Catatan", "Note"),
    (
        "followup.private_hint",
        "Nama, alamat dan catatan masuk ke catatan rahasia, hanya dilihat penyelenggara dan penanggung jawab.",
        "The name, address and note go in the private note, seen only by the host and the owner.",
    ),
    (
        "followup.meeting_required",
        "Pilih pertemuan tempat tindak lanjut disepakati.",
        "Choose the meeting where the follow-up is agreed.",
    ),
    (
        "followup.meeting_host",
        "Tindak lanjut hanya dapat ditambahkan pada pertemuan yang Anda selenggarakan.",
        "Follow-up can only be added to a meeting you host.",
    ),
    (
        "followup.owner_required",
        "Pilih penanggung jawab.",
        "Choose the owner.",
    ),
    (
        "followup.owner_kind",
        "Penanggung jawab harus Puskesmas/Pustu (bidan), Posyandu (kader), Koramil (Babinsa) atau Polsek (Bhabinkamtibmas) wilayah anak.",
        "The owner must be the child's Puskesmas/Pustu (midwife), Posyandu (kader), Koramil (Babinsa) or Polsek (Bhabinkamtibmas).",
    ),
    ("followup.reason_unknown", "Alasan tidak dikenal.", "Unknown reason."),
    // texts a follow-up writes into its action (in RECORD_LANG)
    (
        "followup.rec.what",
        "Pendampingan balita {reason}",
        "Support for a child: {reason}",
    ),
    ("followup.rec.stunted", "stunting", "stunting"),
    (
        "followup.rec.t2",
        "berat badan tidak naik 2 kali",
        "weight not gained twice",
    ),
    (
        "followup.rec.bgm",
        "di bawah garis merah (BGM)",
        "below the red line (BGM)",
    ),
    ("followup.rec.flagged", "pengukuran ulang", "to be measured again"),
    (
        "followup.rec.child",
        "Balita: {name} ({sex}, lahir {born})",
        "Child: {name} ({sex}, born {born})",
    ),
    ("followup.rec.mother", "ibu: {name}", "mother: {name}"),
    ("followup.rec.address", "alamat: {address}", "address: {address}"),
    ("followup.rec.note", "Catatan: {note}", "Note: {note}"),
    (
        "agreements.rec.from_meeting",
        "Kerja sama — {meeting}",
        "Agreement — {meeting}",
    ),
    (
        "followup.name_in_what",
        "Jangan tulis nama anak pada kegiatan: nama masuk ke catatan rahasia.",
        "Do not write the child's name in the activity: it goes in the private note.",
    ),
    // nutrition: validation
    (
        "sex.unknown",
        "Pilih L (laki-laki) atau P (perempuan).",
        "Choose L (boy) or P (girl).",
    ),
    (
        "child.too_old",
        "Anak berumur lebih dari 59 bulan: di luar pemantauan pertumbuhan balita.",
        "The child is older than 59 months: outside under-five growth monitoring.",
    ),
    (
        "kk.format",
        "Nomor KK harus 16 digit.",
        "The family card number must have 16 digits.",
    ),
    (
        "birth_weight.range",
        "Berat lahir harus antara 0,3 dan 6 kg.",
        "Birth weight must be between 0.3 and 6 kg.",
    ),
    (
        "birth_length.range",
        "Panjang lahir harus antara 20 dan 65 cm.",
        "Birth length must be between 20 and 65 cm.",
    ),
    (
        "rt_rw.format",
        "RT/RW berupa angka, paling banyak 3 digit.",
        "RT/RW is a number of at most 3 digits.",
    ),
    ("posyandu.unknown", "Posyandu tidak ditemukan.", "Posyandu not found."),
    (
        "child.merge_self",
        "Data tidak dapat digabung dengan dirinya sendiri.",
        "A record cannot be merged into itself.",
    ),
    (
        "measurement.before_birth",
        "Tanggal ukur sebelum tanggal lahir.",
        "The measurement date is before the birth date.",
    ),
    (
        "measurement.empty",
        "Isi berat badan atau panjang/tinggi badan.",
        "Enter the weight or the length/height.",
    ),
    (
        "weight.grams",
        "Sepertinya dalam gram: tulis berat dalam kilogram (misalnya 9,8, bukan 9800).",
        "This looks like grams: write the weight in kilograms (e.g. 9.8, not 9800).",
    ),
    (
        "weight.range",
        "Berat badan harus antara 0,5 dan 60 kg.",
        "Weight must be between 0.5 and 60 kg.",
    ),
    (
        "height.metres",
        "Sepertinya dalam meter: tulis panjang/tinggi dalam sentimeter (misalnya 82, bukan 0,82).",
        "This looks like metres: write the length/height in centimetres (e.g. 82, not 0.82).",
    ),
    (
        "height.range",
        "Panjang/tinggi badan harus antara 35 dan 140 cm.",
        "Length/height must be between 35 and 140 cm.",
    ),
    (
        "position.unknown",
        "Pilih telentang (PB) atau berdiri (TB).",
        "Choose lying (length) or standing (height).",
    ),
    (
        "muac.range",
        "LiLA harus antara 5 dan 35 cm.",
        "MUAC must be between 5 and 35 cm.",
    ),
    (
        "head.range",
        "Lingkar kepala harus antara 20 dan 65 cm.",
        "Head circumference must be between 20 and 65 cm.",
    ),
    (
        "child.merged",
        "Data anak ini sudah digabung ke data lain; buka data yang dipakai.",
        "This child's record was merged into another; open the record in use.",
    ),
    (
        "import.unreadable",
        "Berkas tidak dapat dibaca sebagai CSV atau XLSX",
        "The file cannot be read as CSV or XLSX",
    ),
    ("import.empty", "Berkas kosong.", "The file is empty."),
    (
        "import.too_many_rows",
        "Berkas terlalu besar: barisnya melebihi batas",
        "The file is too large: it has more rows than allowed",
    ),
    (
        "import.too_many_columns",
        "Berkas terlalu lebar: kolomnya melebihi batas",
        "The file is too wide: it has more columns than allowed",
    ),
    (
        "import.too_many_cells",
        "Berkas terlalu besar: jumlah sel (baris × kolom) melebihi batas",
        "The file is too large: it has more cells (rows × columns) than allowed",
    ),
    (
        "import.line_too_long",
        "Ada baris yang terlalu panjang; periksa apakah berkas ini benar-benar CSV",
        "A line is too long; check that the file really is a CSV",
    ),
    (
        "import.zip_entries",
        "Berkas XLSX berisi terlalu banyak bagian untuk sebuah buku kerja",
        "The XLSX file holds too many parts for a workbook",
    ),
    (
        "import.zip_bomb",
        "Isi berkas XLSX setelah dibuka jauh lebih besar dari yang wajar; berkas ditolak",
        "The XLSX file unpacks to far more than a workbook should; it was refused",
    ),
    (
        "import.too_many_strings",
        "Berkas XLSX memuat terlalu banyak teks berbeda",
        "The XLSX file holds too many distinct texts",
    ),
    (
        "import.no_sheet",
        "Tidak ada lembar dengan judul kolom yang dikenal; lembar yang ada",
        "No sheet has known column headers; the sheets are",
    ),
    ("import.unknown_sheet", "Lembar tidak ditemukan", "Sheet not found"),
    (
        "import.mapping_unknown",
        "Pemetaan kolom tidak dikenal (kolom atau isian tidak ada)",
        "Unknown column mapping (no such field or column)",
    ),
    (
        "import.missing_columns",
        "Kolom wajib tidak ditemukan; petakan kolom",
        "Required columns not found; map the columns",
    ),
    (
        "import.posyandu_unknown",
        "Posyandu tidak ditemukan di wilayah Anda",
        "Posyandu not found in your area",
    ),
    (
        "import.posyandu_ambiguous",
        "Nama Posyandu ada lebih dari satu; isi kolom desa (nama atau kode)",
        "More than one Posyandu has this name; fill in the desa column (name or code)",
    ),
    (
        "import.duplicate_row",
        "Baris ini mengulang anak dan tanggal ukur yang sama dengan baris",
        "This row repeats the child and measurement date of row",
    ),
    // import page
    ("import.link", "Impor e-PPGBM", "Import e-PPGBM"),
    (
        "import.title",
        "Impor data penimbangan (e-PPGBM)",
        "Import measurements (e-PPGBM)",
    ),
    (
        "import.step1",
        "Langkah 1 dari 3: unggah berkas",
        "Step 1 of 3: upload the file",
    ),
    (
        "import.step2",
        "Langkah 2 dari 3: cocokkan kolom",
        "Step 2 of 3: match the columns",
    ),
    (
        "import.step3",
        "Langkah 3 dari 3: periksa, lalu impor",
        "Step 3 of 3: check, then import",
    ),
    ("import.file", "Berkas XLSX atau CSV", "XLSX or CSV file"),
    (
        "import.file_hint",
        "Ekspor e-PPGBM atau lembar kerja sendiri, satu baris per pengukuran; paling besar",
        "An e-PPGBM export or a sheet of your own, one row per measurement; at most",
    ),
    ("import.sheet", "Lembar", "Sheet"),
    (
        "import.sheet_hint",
        "Untuk buku kerja XLSX: nama lembar yang dibaca. Kosongkan untuk lembar pertama yang berisi judul kolom yang dikenal.",
        "For an XLSX workbook: the name of the sheet to read. Leave empty for the first sheet with known column headers.",
    ),
    ("import.upload", "Unggah dan lanjutkan", "Upload and continue"),
    ("import.columns_title", "Kolom yang dibaca", "Columns read"),
    (
        "import.columns_intro",
        "Kolom dikenali dari judulnya yang biasa di ekspor e-PPGBM. Judul lain dapat dipilih di langkah berikutnya. Kolom bertanda wajib harus ada.",
        "Columns are recognised by their usual e-PPGBM headers. Other headers can be chosen in the next step. Columns marked required must be present.",
    ),
    ("import.field", "Isian", "Field"),
    ("import.usual_headers", "Judul kolom yang biasa", "Usual headers"),
    ("import.required", "wajib", "required"),
    (
        "import.formats",
        "Tanggal sebagai 15/02/2024, 2024-02-15 atau tanggal Excel; berat dalam kg dan tinggi dalam cm, dengan koma atau titik desimal; jenis kelamin L/P.",
        "Dates as 15/02/2024, 2024-02-15 or Excel dates; weight in kg and height in cm, with a decimal comma or point; sex L/P.",
    ),
    (
        "import.all_or_nothing",
        "Setiap baris diperiksa dulu (uji coba); berkas disimpan hanya jika semua barisnya benar, dan hanya untuk Posyandu di wilayah Anda. Mengimpor berkas yang sama dua kali tidak mengubah apa pun.",
        "Every row is checked first (a dry run); the file is stored only when all its rows are right, and only for Posyandu in your area. Importing the same file twice changes nothing.",
    ),
    (
        "import.gone_title",
        "Berkas impor tidak ada lagi",
        "The import file is no longer here",
    ),
    (
        "import.gone",
        "Berkas yang diunggah disimpan sementara selama satu jam sejak terakhir dipakai, hanya untuk sesi Anda. Unggah berkas itu lagi.",
        "An uploaded file is kept for an hour after its last use, for your session only. Upload the file again.",
    ),
    ("import.upload_again", "Unggah berkas", "Upload a file"),
    ("import.mapping_title", "Cocokkan kolom", "Match the columns"),
    ("import.rows", "baris", "rows"),
    ("import.sheet_choice", "Lembar yang dibaca", "Sheet to read"),
    ("import.sheet_use", "Pakai lembar ini", "Use this sheet"),
    ("import.headers_found", "Kolom dalam berkas", "Columns in the file"),
    ("import.column", "Kolom", "Column"),
    ("import.example", "Contoh (baris pertama)", "Example (first row)"),
    (
        "import.mapping_hint",
        "Untuk setiap isian, pilih kolom berkas yang memuatnya. Pilihan sudah diisi dari judul kolom yang dikenal; periksa dan ubah bila perlu.",
        "For every field, choose the file's column that holds it. The choices are prefilled from the headers recognised; check them and change them if needed.",
    ),
    (
        "import.missing_note",
        "Beberapa isian wajib belum punya kolom; pilih kolomnya",
        "Some required fields have no column yet; choose their columns",
    ),
    ("import.not_in_file", "— tidak ada di berkas —", "— not in the file —"),
    ("import.usually", "Biasanya:", "Usually:"),
    (
        "import.column_required",
        "Pilih kolom untuk isian wajib ini.",
        "Choose a column for this required field.",
    ),
    (
        "import.column_twice",
        "Kolom ini sudah dipilih untuk",
        "This column is already chosen for",
    ),
    (
        "import.check_hint",
        "Pemeriksaan tidak menyimpan apa pun.",
        "The check stores nothing.",
    ),
    ("import.check", "Periksa (uji coba)", "Check (dry run)"),
    ("import.other_file", "Berkas lain", "Another file"),
    ("import.checking_title", "Memeriksa berkas", "Checking the file"),
    ("import.storing_title", "Mengimpor berkas", "Importing the file"),
    ("import.phase.read", "Membaca berkas", "Reading the file"),
    ("import.phase.check", "Memeriksa baris", "Checking rows"),
    ("import.phase.store", "Menyimpan", "Storing"),
    (
        "import.progress_hint",
        "Halaman ini diperbarui sendiri; hasilnya muncul setelah selesai.",
        "This page updates itself; the result appears when it is done.",
    ),
    ("import.refresh", "Perbarui", "Refresh"),
    ("import.report_title", "Hasil pemeriksaan", "Check result"),
    ("import.stored_title", "Impor selesai", "Import finished"),
    (
        "import.stored",
        "Berkas sudah diimpor. Angka SKDN dan status gizi sudah diperbarui.",
        "The file was imported. SKDN and nutrition figures are up to date.",
    ),
    (
        "import.clean",
        "Semua baris benar. Belum ada yang disimpan: tekan Impor untuk menyimpan.",
        "Every row is right. Nothing is stored yet: press Import to store it.",
    ),
    (
        "import.problems",
        "masalah ditemukan; tidak ada yang disimpan. Perbaiki berkas (atau pilihan kolom) lalu periksa lagi.",
        "problems found; nothing was stored. Correct the file (or the column choices) and check again.",
    ),
    (
        "import.nothing_stored",
        "Tidak ada yang disimpan.",
        "Nothing was stored.",
    ),
    ("import.summary_check", "Yang akan diimpor", "What would be imported"),
    ("import.summary_stored", "Yang diimpor", "What was imported"),
    ("import.count.rows", "Baris", "Rows"),
    (
        "children.nik_elsewhere",
        "Anak dengan NIK ini sudah terdaftar di wilayah lain. Bila anak pindah ke sini, minta Puskesmas atau Dinas Kesehatan wilayah asalnya memindahkannya ke Posyandu ini (menu Pindahkan di halaman anak). Bila anak hanya berkunjung, catat penimbangannya lewat Impor e-PPGBM dengan NIK, tanggal lahir dan jenis kelamin yang sama: dicatat sebagai kunjungan.",
        "A child with this NIK is registered in another area. If the child moved here, ask the Puskesmas or district health office of that area to move it to this Posyandu (Move, on the child's page). If the child is only visiting, record its weighing through the e-PPGBM import with the same NIK, birth date and sex: it is kept as a visit.",
    ),
    ("children.away", "Luar wilayah", "Away from home"),
    ("children.moves", "Riwayat pindah", "Moves"),
    (
        "children.move",
        "Pindahkan ke Posyandu lain",
        "Move to another Posyandu",
    ),
    ("children.move_to", "Posyandu tujuan", "New Posyandu"),
    (
        "children.move_code",
        "atau kode Posyandu di kabupaten lain",
        "or the code of a Posyandu in another district",
    ),
    ("children.move_reason", "Alasan pindah", "Reason for the move"),
    (
        "children.move_hint",
        "Untuk anak yang pindah tempat tinggal. Mulai bulan ini anak dihitung di Posyandu tujuan; riwayatnya tetap. Setelah dipindahkan, data anak hanya dapat dibuka oleh wilayah tujuan.",
        "For a child whose family moved. From this month the child counts at the new Posyandu; its history stays. Once moved, the child's record is open to the new area only.",
    ),
    ("children.moved", "Anak sudah dipindahkan.", "The child was moved."),
    (
        "child.move_same",
        "Anak sudah terdaftar di Posyandu ini",
        "The child is registered at this Posyandu already",
    ),
    ("import.count.children_new", "Anak baru", "New children"),
    (
        "import.count.children_known",
        "Anak sudah terdaftar",
        "Children already registered",
    ),
    (
        "import.count.children_elsewhere",
        "Anak dari luar wilayah (kunjungan)",
        "Children from outside the area (visits)",
    ),
    (
        "import.elsewhere_note",
        "Anak dari luar wilayah terdaftar di Posyandu lain: penimbangannya dicatat sebagai kunjungan di Posyandu ini, masuk riwayat pertumbuhan anak itu, dan dalam SKDN ditampilkan terpisah (luar wilayah). Data anak itu sendiri tidak ditampilkan di sini.",
        "Children from outside the area are registered at another Posyandu: their weighing is recorded as a visit at this Posyandu, joins that child's growth history, and is shown apart in the SKDN (outside the area). That child's own record is not shown here.",
    ),
    (
        "import.nik_elsewhere",
        "NIK ini terdaftar untuk anak di wilayah lain dengan tanggal lahir atau jenis kelamin yang berbeda; periksa NIK, tanggal lahir dan jenis kelamin",
        "This NIK is registered for a child in another area with another birth date or sex; check the NIK, birth date and sex",
    ),
    (
        "import.visit_same_day",
        "Anak ini (terdaftar di wilayah lain) sudah punya pengukuran pada tanggal ini",
        "This child (registered in another area) already has a measurement on this date",
    ),
    (
        "import.measured_elsewhere_same_day",
        "Anak ini sudah diukur pada tanggal ini di Posyandu lain yang bukan wewenang Anda; pengukuran itu tidak ditimpa",
        "This child was measured on this date at another Posyandu outside your reach; that measurement is not overwritten",
    ),
    ("import.count.errors", "Masalah", "Problems"),
    ("import.count.measurements_new", "Pengukuran baru", "New measurements"),
    (
        "import.count.measurements_changed",
        "Pengukuran berubah",
        "Changed measurements",
    ),
    (
        "import.count.measurements_same",
        "Pengukuran tidak berubah",
        "Unchanged measurements",
    ),
    (
        "import.counts_good_rows",
        "Angka di atas hanya menghitung baris tanpa masalah.",
        "The counts above cover the rows without problems only.",
    ),
    ("import.columns_used", "Kolom yang dipakai", "Columns used"),
    ("import.errors_title", "Masalah per baris", "Problems by row"),
    ("import.errors_csv", "Unduh laporan (CSV)", "Download the report (CSV)"),
    ("import.errors_file", "masalah", "problems"),
    ("import.errors_first", "Ditampilkan", "Showing"),
    ("import.row", "Baris", "Row"),
    ("import.value", "Nilai", "Value"),
    ("import.reason", "Alasan", "Reason"),
    ("import.run", "Impor", "Import"),
    (
        "import.run_hint",
        "Impor menyimpan berkas persis seperti yang diperiksa, dalam satu langkah.",
        "Import stores the file exactly as checked, in one step.",
    ),
    ("import.change_mapping", "Ubah pilihan kolom", "Change the columns"),
    (
        "import.too_large",
        "Berkas terlalu besar; paling besar",
        "The file is too large; at most",
    ),
    (
        "import.no_file",
        "Pilih berkas XLSX atau CSV.",
        "Choose an XLSX or CSV file.",
    ),
    (
        "import.busy",
        "Terlalu banyak berkas impor sedang menunggu; coba lagi sebentar lagi.",
        "Too many import files are waiting; try again in a while.",
    ),
    ("import.field.nik", "NIK anak", "Child's NIK"),
    ("import.field.nama", "Nama anak", "Child's name"),
    ("import.field.jk", "Jenis kelamin (L/P)", "Sex (L/P)"),
    ("import.field.tgl_lahir", "Tanggal lahir", "Birth date"),
    ("import.field.bb_lahir", "Berat lahir (kg)", "Birth weight (kg)"),
    ("import.field.pb_lahir", "Panjang lahir (cm)", "Birth length (cm)"),
    ("import.field.nama_ibu", "Nama ibu", "Mother's name"),
    ("import.field.nik_ibu", "NIK ibu", "Mother's NIK"),
    ("import.field.no_kk", "Nomor KK", "Family card number"),
    ("import.field.desa", "Desa/kelurahan", "Desa/kelurahan"),
    ("import.field.posyandu", "Posyandu", "Posyandu"),
    ("import.field.rt", "RT", "RT"),
    ("import.field.rw", "RW", "RW"),
    ("import.field.alamat", "Alamat", "Address"),
    ("import.field.tgl_ukur", "Tanggal pengukuran", "Measurement date"),
    ("import.field.bb", "Berat badan (kg)", "Weight (kg)"),
    ("import.field.tb", "Tinggi/panjang badan (cm)", "Height/length (cm)"),
    (
        "import.field.cara_ukur",
        "Cara ukur (berdiri/telentang)",
        "Position (standing/lying)",
    ),
    ("import.field.edema", "Edema", "Oedema"),
    ("import.field.lila", "LiLA (cm)", "MUAC (cm)"),
    (
        "import.field.lingkar_kepala",
        "Lingkar kepala (cm)",
        "Head circumference (cm)",
    ),
    ("import.field.buku_kia", "Punya buku KIA/KMS", "Has a KIA book/KMS"),
    // posyandu registry
    ("nav.posyandu", "Posyandu", "Posyandu"),
    ("posyandu.title", "Daftar Posyandu", "Posyandu registry"),
    ("posyandu.page_link", "Profil Posyandu", "Posyandu profile"),
    ("posyandu.edit", "Ubah profil Posyandu", "Edit Posyandu profile"),
    (
        "posyandu.saved",
        "Profil Posyandu tersimpan.",
        "Posyandu profile saved.",
    ),
    ("posyandu.desa", "Desa/kelurahan", "Village (desa/kelurahan)"),
    ("posyandu.puskesmas", "Puskesmas", "Puskesmas"),
    ("posyandu.all_desa", "Semua desa", "All villages"),
    ("posyandu.all_puskesmas", "Semua Puskesmas", "All Puskesmas"),
    ("posyandu.schedule", "Hari buka", "Opening day"),
    ("posyandu.schedule_short", "Tgl buka", "Opens on"),
    (
        "posyandu.schedule_day_label",
        "Hari buka (tanggal setiap bulan)",
        "Opening day (day of the month)",
    ),
    (
        "posyandu.schedule_day_hint",
        "Tanggal 1 sampai 31, misalnya 12 bila Posyandu buka setiap tanggal 12.",
        "A day from 1 to 31, e.g. 12 when the Posyandu opens on the 12th of every month.",
    ),
    ("posyandu.every_month_on", "Setiap bulan, tanggal", "Every month on day"),
    (
        "posyandu.dana_sehat",
        "Dana sehat (% KK)",
        "Dana sehat (% of households)",
    ),
    (
        "posyandu.dana_sehat_hint",
        "Persentase kepala keluarga di wilayah Posyandu yang ikut dana sehat (0–100). Kosongkan bila belum ada.",
        "Share of the Posyandu's households enrolled in a dana sehat scheme (0–100). Leave empty if there is none.",
    ),
    ("posyandu.links", "Tautan", "Links"),
    ("posyandu.org_page", "Halaman organisasi", "Organisation page"),
    ("posyandu.report", "Laporan status gizi", "Nutrition report"),
    (
        "posyandu.no_profile",
        "Profil Posyandu ini belum diisi: layanan dan dana sehat belum tercatat, dan riwayat strata belum disimpan.",
        "This Posyandu's profile has not been filled in: its services and dana sehat are not recorded and no stratum history is kept yet.",
    ),
    ("posyandu.no_profile_short", "profil belum diisi", "no profile yet"),
    ("posyandu.fill_profile", "Isi profil", "Fill in the profile"),
    (
        "posyandu.services",
        "Layanan terpadu (holistik integratif)",
        "Integrated services (holistik integratif)",
    ),
    (
        "posyandu.services_hint",
        "Kesehatan dan gizi adalah layanan inti; layanan lainnya dihitung sebagai program tambahan pada strata.",
        "Health and nutrition is the core service; the others count as additional programmes for the stratum.",
    ),
    ("posyandu.core", "inti", "core"),
    ("posyandu.offered", "tersedia", "offered"),
    ("posyandu.not_offered", "tidak tersedia", "not offered"),
    ("posyandu.stratum", "Strata", "Stratum"),
    ("posyandu.stratum_of", "Strata tahun", "Stratum for"),
    ("posyandu.current_year", "tahun berjalan", "current year"),
    ("posyandu.year", "Tahun", "Year"),
    ("posyandu.show_year", "Tampilkan", "Show"),
    ("posyandu.condition", "Syarat", "Condition"),
    ("posyandu.needed_for", "Syarat untuk", "Needed for"),
    ("posyandu.met", "Terpenuhi", "Met"),
    ("posyandu.not_met", "Belum", "Not met"),
    (
        "posyandu.crit.sessions",
        "Penimbangan sedikitnya 8 bulan dalam setahun",
        "Weighing in at least 8 months of the year",
    ),
    (
        "posyandu.crit.kader",
        "Sedikitnya 5 kader aktif",
        "At least 5 active kader",
    ),
    (
        "posyandu.crit.coverage",
        "Cakupan D/S sedikitnya 50%",
        "D/S coverage of at least 50%",
    ),
    (
        "posyandu.crit.extra",
        "Ada program tambahan (di luar kesehatan dan gizi)",
        "An additional programme (besides health and nutrition)",
    ),
    (
        "posyandu.crit.dana_sehat",
        "Dana sehat diikuti sedikitnya 50% KK",
        "Dana sehat joined by at least 50% of households",
    ),
    (
        "posyandu.declared_services",
        "Layanan tercatat untuk tahun",
        "Services recorded for",
    ),
    ("posyandu.rule_title", "Aturan strata:", "Stratum rule:"),
    (
        "posyandu.rule",
        "penimbangan kurang dari 8 bulan setahun atau kader aktif kurang dari 5 → Pratama; cakupan D/S di bawah 50% atau tanpa program tambahan → Madya; dana sehat diikuti sedikitnya 50% KK → Mandiri; selain itu → Purnama (Telaah Kemandirian Posyandu).",
        "weighing in fewer than 8 months of the year or fewer than 5 active kader → Pratama; D/S coverage below 50% or no additional programme → Madya; dana sehat joined by at least 50% of households → Mandiri; otherwise → Purnama (Telaah Kemandirian Posyandu).",
    ),
    (
        "posyandu.inputs_hint",
        "Penimbangan: bulan dengan sedikitnya satu balita ditimbang. Kader aktif: orang yang memegang jabatan kader di Posyandu ini pada hari mana pun dalam tahun itu (tahun berjalan: sampai hari ini). Cakupan: rata-rata D/S bulan-bulan penimbangan. Cakupan KIA, KB dan imunisasi belum tercatat di Lintas.",
        "Weighing: a month in which at least one child was weighed. Active kader: people holding a kader position at this Posyandu on any day of that year (the current year: up to today). Coverage: the mean D/S of the weighing months. KIA, family planning and immunisation coverage are not recorded in Lintas yet.",
    ),
    ("posyandu.kader", "Kader", "Kader"),
    ("posyandu.kader_roster", "Kader aktif", "Active kader"),
    ("posyandu.former_kader", "Kader sebelumnya", "Former kader"),
    (
        "posyandu.no_kader",
        "Belum ada kader tercatat.",
        "No kader recorded yet.",
    ),
    (
        "posyandu.kader_hint",
        "Kader dicatat sebagai orang dengan jabatan Kader di Posyandu ini (halaman Orang).",
        "Kader are people holding a Kader position at this Posyandu (People pages).",
    ),
    ("posyandu.position", "Jabatan", "Position"),
    ("posyandu.since", "Mulai", "Since"),
    ("posyandu.until", "Sampai", "Until"),
    (
        "posyandu.history",
        "Riwayat strata per tahun",
        "Stratum history by year",
    ),
    (
        "posyandu.history_hint",
        "Layanan dan dana sehat tiap tahun tetap seperti tercatat untuk tahun itu: mengubah profil hanya mengubah tahun berjalan. Penimbangan, kader dan cakupan mengikuti data tahun itu.",
        "Each year keeps the services and dana sehat recorded for it: editing the profile changes the current year only. Weighing, kader and coverage follow that year's records.",
    ),
    ("posyandu.sessions", "Penimbangan (bulan)", "Weighing (months)"),
    ("posyandu.sessions_unit", "bln timbang", "weighing months"),
    ("posyandu.kader_unit", "kader", "kader"),
    ("posyandu.active_kader", "Kader aktif", "Active kader"),
    ("posyandu.coverage", "Cakupan D/S", "D/S coverage"),
    ("posyandu.extra", "Program tambahan", "Additional programmes"),
    (
        "posyandu.edit_hint",
        "Perubahan layanan dan dana sehat berlaku untuk tahun berjalan; strata tahun-tahun sebelumnya tidak berubah.",
        "Changes to services and dana sehat apply to the current year; earlier years keep their stratum.",
    ),
    ("stratum.pratama", "Pratama", "Pratama"),
    ("stratum.madya", "Madya", "Madya"),
    ("stratum.purnama", "Purnama", "Purnama"),
    ("stratum.mandiri", "Mandiri", "Mandiri"),
    ("service.kesehatan_gizi", "Kesehatan dan gizi", "Health and nutrition"),
    (
        "service.pendidikan_bkb_paud",
        "Pendidikan dan perkembangan anak (BKB/PAUD)",
        "Education and child development (BKB/PAUD)",
    ),
    ("service.ekonomi_keluarga", "Ekonomi keluarga", "Family economy"),
    ("service.ketahanan_pangan", "Ketahanan pangan", "Food security"),
    ("service.kesejahteraan_sosial", "Kesejahteraan sosial", "Social welfare"),
    (
        "posyandu.schedule_day_range",
        "Hari buka harus tanggal 1 sampai 31.",
        "The opening day must be a day of the month from 1 to 31.",
    ),
    ("posyandu.service_unknown", "Layanan tidak dikenal", "Unknown service"),
    (
        "posyandu.dana_sehat_range",
        "Dana sehat adalah persentase KK: angka 0 sampai 100.",
        "Dana sehat is a share of households: a number from 0 to 100.",
    ),
    // by-name exports
    (
        "export.title_followup",
        "Daftar tindak lanjut gizi balita",
        "Child nutrition follow-up list",
    ),
    ("export.title_register", "Register balita", "Register of children"),
    ("export.sheet_followup", "Tindak lanjut", "Follow-up"),
    ("export.sheet_register", "Register balita", "Children"),
    ("export.download", "Unduh daftar", "Download the list"),
    (
        "export.download_register",
        "Unduh register balita",
        "Download the register",
    ),
    ("export.nik_full", "NIK lengkap", "Full NIK"),
    ("export.nik_masked", "NIK disamarkan", "NIK masked"),
    (
        "export.nik_full_hint",
        "NIK anak dan ibu disamarkan kecuali NIK lengkap dicentang; setiap unduhan dicatat dalam jejak audit.",
        "The child's and mother's NIK are masked unless Full NIK is ticked; every download is recorded in the audit log.",
    ),
    (
        "export.nik_masked_hint",
        "NIK anak dan ibu disamarkan; setiap unduhan dicatat dalam jejak audit.",
        "The child's and mother's NIK are masked; every download is recorded in the audit log.",
    ),
    (
        "export.personal_data",
        "Berisi data pribadi: simpan dengan aman dan musnahkan bila tidak diperlukan lagi.",
        "Contains personal data: keep it safe and destroy it when no longer needed.",
    ),
    ("export.visit_notes", "Hasil kunjungan", "Visit notes"),
    ("export.months", "bl", "mo"),
    (
        "export.too_many",
        "Terlalu banyak balita untuk satu unduhan: pilih satu Posyandu atau cari nama.",
        "Too many children for one download: choose a Posyandu or search by name.",
    ),
    ("export.col.no", "No", "No"),
    ("export.col.name", "Nama anak", "Child's name"),
    ("export.col.sex", "Jenis kelamin", "Sex"),
    ("export.col.birth_date", "Tanggal lahir", "Date of birth"),
    ("export.col.age_months", "Umur (bulan)", "Age (months)"),
    ("export.col.nik", "NIK anak", "Child's NIK"),
    ("export.col.mother", "Nama ibu", "Mother's name"),
    ("export.col.mother_nik", "NIK ibu", "Mother's NIK"),
    ("export.col.address", "Alamat", "Address"),
    ("export.col.rt", "RT", "RT"),
    ("export.col.rw", "RW", "RW"),
    ("export.col.desa", "Desa/kelurahan", "Village"),
    ("export.col.posyandu", "Posyandu", "Posyandu"),
    ("export.col.kia", "Buku KIA/KMS", "KIA book/KMS"),
    ("export.col.reasons", "Alasan", "Reasons"),
    ("export.col.measured_on", "Tanggal ukur terakhir", "Last measured"),
    ("export.col.weight", "BB (kg)", "Weight (kg)"),
    (
        "export.col.height_on",
        "Tanggal ukur PB/TB",
        "Length/height measured on",
    ),
    ("export.col.height", "PB/TB (cm)", "Length/height (cm)"),
    ("export.col.haz", "Z-skor TB/U", "Length/height-for-age z-score"),
    ("export.col.followup_by", "Tindak lanjut oleh", "Follow-up by"),
    ("export.col.followup_status", "Status tindak lanjut", "Follow-up status"),
    // the `lintas` command line (its --help stays in English)
    ("cli.error", "kesalahan", "error"),
    ("cli.opening_db", "membuka basis data {db}", "opening database {db}"),
    (
        "cli.migrated",
        "basis data {db} sudah mutakhir; wilayah: {provinces} provinsi, {regencies} kabupaten/kota, {districts} kecamatan, {villages} desa/kelurahan",
        "database {db} is up to date; regions: {provinces} provinces, {regencies} regencies, {districts} districts, {villages} villages",
    ),
    (
        "cli.password_stdin",
        "berikan kata sandi lewat masukan standar dengan --password-stdin (kata sandi tidak pernah diambil dari baris perintah)",
        "give the password on standard input with --password-stdin (it is never taken from the command line)",
    ),
    (
        "cli.no_org_code",
        "tidak ada organisasi dengan kode {code}",
        "no organisation with code {code}",
    ),
    (
        "cli.account_created",
        "akun {name} dibuat (id {id})",
        "created account {name} (id {id})",
    ),
    ("cli.account_not_created", "akun tidak dibuat", "account not created"),
    (
        "cli.no_account",
        "tidak ada akun bernama {name}",
        "no account named {name}",
    ),
    ("cli.no_account_as", "tidak ada akun {name}", "no account {name}"),
    (
        "cli.check_counts",
        "anak: {children}, pengukuran: {measurements}",
        "children: {children}, measurements: {measurements}",
    ),
    ("cli.integrity_ok", "integritas: baik", "integrity: ok"),
    (
        "cli.integrity_problems",
        "integritas: {n} masalah",
        "integrity: {n} problem(s)",
    ),
    (
        "cli.tallies_ok",
        "rekap: baik ({n} Posyandu-bulan sama dengan hitung ulang)",
        "tallies: ok ({n} Posyandu-months equal a recount)",
    ),
    (
        "cli.tallies_differ",
        "rekap: {n} dari {total} berbeda dari hitung ulang",
        "tallies: {n} of {total} differ from a recount",
    ),
    (
        "cli.tally_line",
        "tersimpan S {s} D {d} stunting {stunted}, hitung ulang S {s2} D {d2} stunting {stunted2}",
        "stored S {s} D {d} stunted {stunted}, recounted S {s2} D {d2} stunted {stunted2}",
    ),
    (
        "cli.needs_attention",
        "basis data perlu diperiksa",
        "the database needs attention",
    ),
    (
        "cli.backup_written",
        "cadangan ditulis ke {file}",
        "backup written to {file}",
    ),
    ("cli.restored", "dipulihkan dari {file}", "restored {file}"),
    (
        "cli.demo_loaded",
        "kabupaten demo dimuat: Kabupaten Sarolangun (15.03)",
        "demo district loaded: Kabupaten Sarolangun (15.03)",
    ),
    (
        "cli.demo_already",
        "kabupaten demo sudah dimuat",
        "demo district already loaded",
    ),
    (
        "cli.demo_logins",
        "akun demo (kata sandi semuanya: {password}):",
        "demo logins (password for all: {password}):",
    ),
    (
        "cli.setup_link",
        "Belum ada akun. Buka tautan sekali pakai ini untuk membuat administrator pertama:",
        "No account exists yet. Open this one-time link to create the first administrator:",
    ),
    (
        "cli.setup_or",
        "(atau jalankan: lintas user add NAME --role admin --password-stdin)",
        "(or run: lintas user add NAME --role admin --password-stdin)",
    ),
    (
        "cli.cannot_listen",
        "tidak dapat mendengarkan di {addr}",
        "cannot listen on {addr}",
    ),
    (
        "cli.running",
        "Lintas berjalan di http://{addr} (basis data: {db}, siap dalam {ms} ms)",
        "Lintas is running on http://{addr} (database: {db}, ready in {ms} ms)",
    ),
    ("cli.reading", "membaca {file}", "reading {file}"),
    ("cli.writing", "menulis {file}", "writing {file}"),
    (
        "cli.map_form",
        "--map meminta FIELD=HEADER, didapat {got}",
        "--map wants FIELD=HEADER, got {got}",
    ),
    ("cli.import_sheet", "lembar: {sheet}", "sheet: {sheet}"),
    (
        "cli.import_done",
        "{rows} baris dalam {secs} dtk: anak {children_new} baru, {children_known} sudah ada; pengukuran {new} baru, {changed} berubah, {same} tidak berubah",
        "{rows} rows in {secs} s: children {children_new} new, {children_known} known; measurements {new} new, {changed} changed, {same} unchanged",
    ),
    (
        "cli.import_elsewhere",
        "{n} anak yang terdaftar di wilayah lain ditimbang di sini (disimpan sebagai kunjungan; selebihnya tidak ditampilkan)",
        "{n} children registered in another area weighed here (kept as visits; nothing else of them is shown)",
    ),
    (
        "cli.import_problems",
        "{n} masalah; tidak ada yang disimpan. Yang pertama (baris, kolom, nilai: alasan):",
        "{n} problem(s); nothing was stored. First ones (row, column, value: reason):",
    ),
    (
        "cli.import_full_report",
        "laporan lengkap: {file}",
        "full report: {file}",
    ),
    ("cli.import_stored", "tersimpan.", "stored."),
    (
        "cli.import_dry_run",
        "uji coba: tidak ada yang disimpan.",
        "dry run: nothing stored.",
    ),
    ("cli.import_progress", "{done}/{total} baris", "{done}/{total} rows"),
    ("cli.not_a_file", "{file} bukan berkas", "{file} is not a file"),
    (
        "cli.restore_has_data",
        "basis data sudah berisi data; tambahkan --force untuk menggantinya",
        "the database already holds data; add --force to replace it",
    ),
    (
        "cli.restore_exists",
        "{file} sudah ada; tambahkan --force untuk menggantinya",
        "{file} exists; add --force to replace it",
    ),
    (
        "cli.not_a_backup",
        "berkas ini bukan cadangan SQLite Lintas",
        "the file is not a Lintas SQLite backup",
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

/// The language of text the system itself writes into shared records (the title of a
/// scheduled meeting, the review item of its agenda): every reader sees the same stored
/// words, so they are written in the language of the records, Bahasa Indonesia.
pub const RECORD_LANG: Lang = Lang::Id;

/// The text of `key` with each `{name}` replaced by its value: `fill(lang, "berita.intro",
/// &[("day", "Senin, 6 Mei 2024"), …])`. Both languages of a key name the same placeholders
/// (a test holds this).
pub fn fill(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    // One pass over the text, so a value that itself holds `{…}` is left as it is.
    let mut out = String::new();
    let mut rest = text(lang, key);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The name of month `m` (1–12; empty otherwise).
pub fn month_name(lang: Lang, m: u32) -> &'static str {
    let key = format!("month.{m}");
    match INDEX.get(key.as_str()) {
        Some((id, en)) => match lang {
            Lang::Id => id,
            Lang::En => en,
        },
        None => "",
    }
}

/// "Mei 2024" / "May 2024".
pub fn month_year(lang: Lang, m: u32, year: i32) -> String {
    format!("{} {year}", month_name(lang, m))
}

/// The name of a weekday counted from Monday = 1 to Sunday = 7 (ISO 8601; empty otherwise).
pub fn day_name(lang: Lang, iso_day: u32) -> &'static str {
    let key = format!("day.{iso_day}");
    match INDEX.get(key.as_str()) {
        Some((id, en)) => match lang {
            Lang::Id => id,
            Lang::En => en,
        },
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{OrgKind, Sector};
    use crate::person::PositionKind;
    use crate::user::Role;

    #[test]
    fn keys_are_unique() {
        assert_eq!(INDEX.len(), TEXTS.len());
    }

    fn placeholders(s: &str) -> Vec<&str> {
        let mut names: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn both_languages_name_the_same_placeholders() {
        for (key, id, en) in TEXTS {
            assert_eq!(placeholders(id), placeholders(en), "{key}");
        }
    }

    #[test]
    fn calendar_names() {
        assert_eq!(month_year(Lang::Id, 5, 2024), "Mei 2024");
        assert_eq!(month_year(Lang::En, 12, 2024), "December 2024");
        assert_eq!(month_name(Lang::Id, 13), "");
        assert_eq!(day_name(Lang::Id, 1), "Senin");
        assert_eq!(day_name(Lang::En, 7), "Sunday");
        assert_eq!(
            fill(
                Lang::En,
                "berita.intro",
                &[
                    ("day", "D"),
                    ("place", "P"),
                    ("forum", "F"),
                    ("people", "3"),
                    ("orgs", "2")
                ]
            ),
            "On this day, D, at P, a F was held, attended by 3 participants from 2 organisations, with the following agreements:"
        );
        assert_eq!(
            fill(Lang::Id, "followup.rec.mother", &[("name", "{name} {x}")]),
            "ibu: {name} {x}",
            "a value is not filled in again"
        );
        assert_eq!(fill(Lang::Id, "cli.restored", &[]), "dipulihkan dari {file}");
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
        for s in crate::posyandu::Service::ALL {
            assert!(has(&format!("service.{s}")), "service.{s}");
        }
        for s in crate::nutrition::Stratum::ALL {
            assert!(has(&format!("stratum.{s}")), "stratum.{s}");
        }
    }
}
