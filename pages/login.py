"""登录: account and password, or the unit's OIDC login; the only page while nobody is logged in."""

from ledgerboard import ui

ui.login_form("本看板保存有建档立卡户的个人信息，请登录后查看。" if ui.viewer() is None
              else "当前为示例数据，无需登录即可查看。管理、填报、查看账号在此登录。")
